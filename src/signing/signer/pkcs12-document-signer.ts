// DocumentSigner over a PKCS#12 key store holding the operator's RSA key (an NCA "RSA256_*.p12"
// or any standard RSA PKCS#12). node-forge only opens the container (PBE with SHA-1/3DES/RC2,
// which WebCrypto lacks); the key is converted once into a node:crypto KeyObject and all signing
// happens in node:crypto. GOST keys are refused: node-forge cannot decode GOST bags, and a GOST
// signer belongs in a separate adapter.

import { KeyObject, createHash, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { CertificateInfo, parseCertificate } from '../verification/certificates';
import { ALGORITHM_OID } from '../verification/oids';
import { classifyKeyUsage, extractSignerIdentity, formatName } from '../verification/signer-identity';
import {
  CMS_BUILDER_OID,
  contentTypeAttribute,
  issuerSerial,
  messageDigestAttribute,
  signedData,
  signerInfo,
  signingCertificateAttribute,
  signingTimeAttribute,
} from './cms-builder';
import { DocumentSigner, DocumentSignerError, SignInput, SignOptions, SignerCertificateInfo } from './document-signer';

const SHA256_LENGTH = 32;
// Key algorithms seen in NCA key stores, for a readable refusal.
const KEY_ALGORITHM_NAMES: Readonly<Record<string, string>> = {
  '1.2.398.3.10.1.1.1.1': 'GOST 34.310-2004',
  '1.2.398.3.10.1.1.2.1': 'GOST 34.10-2015 (256)',
  '1.2.398.3.10.1.1.2.2': 'GOST 34.10-2015 (512)',
  '1.2.840.10045.2.1': 'EC',
  '1.3.101.112': 'Ed25519',
};

export interface Pkcs12Source {
  // The PKCS#12 (.p12/.pfx) file content.
  readonly pkcs12: Uint8Array;
  readonly password: string;
  // For error messages only (e.g. the file path).
  readonly label?: string;
}

interface StoreContent {
  readonly keys: forge.pki.rsa.PrivateKey[];
  // OIDs of private keys node-forge could not decode (non-RSA).
  readonly otherKeyAlgorithms: string[];
  readonly certificates: { readonly der: Uint8Array; readonly rsaKey?: forge.pki.rsa.PublicKey }[];
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

function forgeDer(node: forge.asn1.Asn1): Uint8Array {
  return new Uint8Array(Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary'));
}

// PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier, ... }
function privateKeyAlgorithmOid(privateKeyInfo: forge.asn1.Asn1): string {
  try {
    const parsed = asn1js.fromBER(forgeDer(privateKeyInfo));
    const algorithm = (parsed.result as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
    return (algorithm.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
  } catch {
    return 'unknown';
  }
}

function openStore(source: Pkcs12Source): StoreContent {
  const label = source.label ?? 'PKCS#12 key store';
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(source.pkcs12).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, source.password);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|wrong password/i.test(message))
      throw new DocumentSignerError('WRONG_PASSWORD', `${label}: wrong password (the PKCS#12 integrity check failed)`);
    throw new DocumentSignerError('INVALID_KEY_STORE', `${label}: not a readable PKCS#12 key store (${message})`);
  }
  const keys: forge.pki.rsa.PrivateKey[] = [];
  const otherKeyAlgorithms: string[] = [];
  const certificates: { der: Uint8Array; rsaKey?: forge.pki.rsa.PublicKey }[] = [];
  for (const bag of p12.safeContents.flatMap((contents) => contents.safeBags)) {
    if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
      if (bag.key) keys.push(bag.key as forge.pki.rsa.PrivateKey);
      else if (bag.asn1) otherKeyAlgorithms.push(privateKeyAlgorithmOid(bag.asn1));
    } else if (bag.type === forge.pki.oids.certBag) {
      // forge keeps the parsed TBSCertificate node, so re-encoding reproduces the signed bytes.
      if (bag.cert)
        certificates.push({
          der: forgeDer(forge.pki.certificateToAsn1(bag.cert)),
          rsaKey: bag.cert.publicKey as forge.pki.rsa.PublicKey,
        });
      else if (bag.asn1) certificates.push({ der: forgeDer(bag.asn1) });
    }
  }
  return { keys, otherKeyAlgorithms, certificates };
}

function sameRsaKey(a: forge.pki.rsa.PublicKey, b: forge.pki.rsa.PrivateKey): boolean {
  return a.n.equals(b.n) && a.e.equals(b.e);
}

// Refuses certificates that cannot sign documents: NCA AUTH certificates (keyUsage
// digitalSignature + keyEncipherment, EKU clientAuth) and keyUsage without any signing bit.
function assertSigningCertificate(cert: CertificateInfo, label: string): void {
  const usage = classifyKeyUsage(cert);
  if (usage === 'AUTH')
    throw new DocumentSignerError(
      'NOT_A_SIGNING_KEY',
      `${label}: the certificate ${formatName(cert.certificate.subject)} is an authentication (AUTH) certificate; documents need the SIGN key (RSA256_*.p12)`,
    );
  if (cert.keyUsage && !cert.keyUsage.has('digitalSignature') && !cert.keyUsage.has('nonRepudiation'))
    throw new DocumentSignerError('NOT_A_SIGNING_KEY', `${label}: the certificate's keyUsage allows no signatures`);
}

export class Pkcs12DocumentSigner implements DocumentSigner {
  private constructor(
    private readonly key: KeyObject,
    private readonly signerCertificate: CertificateInfo,
    private readonly chain: readonly Uint8Array[],
  ) {}

  static async fromFile(path: string, password: string): Promise<Pkcs12DocumentSigner> {
    let pkcs12: Uint8Array;
    try {
      pkcs12 = await readFile(path);
    } catch (error) {
      throw new DocumentSignerError(
        'INVALID_KEY_STORE',
        `${path}: cannot read the key store (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    return Pkcs12DocumentSigner.open({ pkcs12, password, label: path });
  }

  static open(source: Pkcs12Source): Pkcs12DocumentSigner {
    const label = source.label ?? 'PKCS#12 key store';
    const store = openStore(source);
    if (store.keys.length === 0) {
      if (store.otherKeyAlgorithms.length > 0) {
        const names = store.otherKeyAlgorithms.map((oid) => KEY_ALGORITHM_NAMES[oid] ?? oid).join(', ');
        throw new DocumentSignerError(
          'UNSUPPORTED_KEY',
          `${label}: unsupported key (${names}); the operator signer needs an RSA key`,
        );
      }
      throw new DocumentSignerError('INVALID_KEY_STORE', `${label}: no private key in the key store`);
    }
    // Several keys: take the first one that has its certificate in the store.
    for (const forgeKey of store.keys) {
      const own = store.certificates.find((c) => c.rsaKey && sameRsaKey(c.rsaKey, forgeKey));
      if (!own) continue;
      const certificate = parseCertificate(own.der);
      assertSigningCertificate(certificate, label);
      const key = createPrivateKey({ key: forge.pki.privateKeyToPem(forgeKey), format: 'pem' });
      if (key.asymmetricKeyType !== 'rsa')
        throw new DocumentSignerError('UNSUPPORTED_KEY', `${label}: unsupported key type ${key.asymmetricKeyType ?? 'unknown'}`);
      const chain = store.certificates.filter((c) => c !== own).map((c) => c.der);
      return new Pkcs12DocumentSigner(key, certificate, chain);
    }
    throw new DocumentSignerError('INVALID_KEY_STORE', `${label}: no certificate in the key store matches its private key`);
  }

  sign(input: SignInput, options: SignOptions = {}): Promise<Uint8Array> {
    return Promise.resolve().then(() => this.signNow(input, options));
  }

  private signNow(input: SignInput, options: SignOptions): Uint8Array {
    const content = input instanceof Uint8Array ? input : undefined;
    const digest = content ? sha256(content) : (input as { digest?: unknown }).digest;
    if (!(digest instanceof Uint8Array) || digest.byteLength !== SHA256_LENGTH)
      throw new DocumentSignerError(
        'INVALID_INPUT',
        'sign(): expected the content bytes or { digest } with a 32-byte SHA-256 digest',
      );
    if (!content && options.detached === false)
      throw new DocumentSignerError('INVALID_INPUT', 'sign(): a digest can only give a detached signature');
    const signingTime = options.signingTime ?? new Date();
    if (Number.isNaN(signingTime.getTime())) throw new DocumentSignerError('INVALID_INPUT', 'sign(): invalid signingTime');
    const cert = this.signerCertificate;
    const info = signerInfo({
      certificate: cert.certificate,
      digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: ALGORITHM_OID.sha256, algorithmParams: new asn1js.Null() }),
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: ALGORITHM_OID.sha256WithRsa,
        algorithmParams: new asn1js.Null(),
      }),
      signedAttributes: [
        contentTypeAttribute(CMS_BUILDER_OID.data),
        signingTimeAttribute(signingTime),
        messageDigestAttribute(digest),
        // SHA-256 is the ESSCertIDv2 default, so hashAlgorithm is left out.
        signingCertificateAttribute(2, { certHash: sha256(cert.der), issuerSerial: issuerSerial(cert.certificate) }),
      ],
      sign: (setDer) => new Uint8Array(cryptoSign('sha256', setDer, this.key)),
    });
    const detached = options.detached ?? !content;
    return signedData({
      eContentType: CMS_BUILDER_OID.data,
      eContent: detached ? undefined : content,
      signerInfos: [info],
      certificates: [cert.der, ...this.chain],
    });
  }

  certificate(): Promise<SignerCertificateInfo> {
    const cert = this.signerCertificate;
    const identity = extractSignerIdentity(cert);
    return Promise.resolve({
      certificate: cert.der,
      chain: [...this.chain],
      subject: formatName(cert.certificate.subject),
      issuer: formatName(cert.certificate.issuer),
      serialNumber: cert.serialNumber,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      iin: identity.iin,
      bin: identity.bin,
      algorithm: 'rsa-sha256',
      sha256: cert.sha256,
    });
  }
}
