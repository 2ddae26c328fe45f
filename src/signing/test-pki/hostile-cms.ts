// A CMS made to cost a verifier as much CPU as possible (issue 14 §4), for the budget spec and
// bench/hostile-verify.bench.ts: N signers, each with T self-made signature time-stamp tokens,
// every signer and TSA certificate claiming an issuer name that F fake CA certificates share,
// every key an RSA key with a huge public exponent. No private key is needed: the verifier pays
// for each verification whether the signature is right or not, so the "signatures" are fixed
// bytes and every certificate's key is made up (a random odd modulus and exponent).

import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { attribute, setUnsignedAttributes, signedData, signerInfo as buildSignerInfo } from '../signer/cms-builder';
import { contentTypeAttribute, messageDigestAttribute, signingTimeAttribute } from './cms-builder';
import { rdn, toDer, utf8 } from './der';
import { TestKey } from './keys';
import { OID } from './oids';
import { basicConstraints, extendedKeyUsage, keyUsage, signCertificate } from './x509-builder';

export interface HostileCmsOptions {
  readonly signers: number;
  readonly tokensPerSigner: number;
  readonly fakeCas: number;
  readonly modulusBits: number;
  readonly exponentBits: number;
  readonly content?: Uint8Array;
  // TSTInfo extensions of every token (tests: a critical one).
  readonly tstExtensions?: readonly pkijs.Extension[];
}

const bigintBytes = (value: bigint): Uint8Array => {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  // A leading 0x00 keeps the INTEGER positive.
  return new Uint8Array(Buffer.from(`00${hex}`, 'hex'));
};

function randomOdd(bits: number): bigint {
  const bytes = randomBytes(Math.ceil(bits / 8));
  let value = BigInt(`0x${bytes.toString('hex')}`) & ((1n << BigInt(bits)) - 1n);
  value |= (1n << BigInt(bits - 1)) | 1n;
  return value;
}

// SubjectPublicKeyInfo of an RSA key (n, e): nobody holds its private key.
export function rsaSpki(modulus: bigint, exponent: bigint): Uint8Array {
  const key = new asn1js.Sequence({
    value: [new asn1js.Integer({ valueHex: bigintBytes(modulus) }), new asn1js.Integer({ valueHex: bigintBytes(exponent) })],
  });
  return toDer(
    new asn1js.Sequence({
      value: [
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.rsaEncryption }), new asn1js.Null()] }),
        new asn1js.BitString({ valueHex: toDer(key) }),
      ],
    }),
  );
}

// A "key" that signs with fixed bytes of the modulus' length: what a forger without the key sends.
export function madeUpKey(modulusBits: number, exponentBits: number): TestKey {
  const spki = rsaSpki(randomOdd(modulusBits), exponentBits <= 17 ? 65537n : randomOdd(exponentBits));
  const signature = new Uint8Array(randomBytes(modulusBits / 8));
  signature[0] &= 0x7f;
  return {
    algorithm: 'rsa-sha256',
    spki,
    sign: () => signature.slice(),
    exportPrivateKey: () => {
      throw new Error('a made-up key has no private key');
    },
  };
}

let serial = 0;
function certificate(
  subject: string,
  issuer: pkijs.RelativeDistinguishedNames,
  key: TestKey,
  signer: TestKey,
  extensions: pkijs.Extension[],
) {
  const bytes = new Uint8Array(16);
  bytes[0] = 0x42;
  new DataView(bytes.buffer).setUint32(12, ++serial);
  return signCertificate(
    {
      serialNumber: bytes,
      issuer,
      subject: rdn([
        ['2.5.4.6', new asn1js.PrintableString({ value: 'KZ' })],
        ['2.5.4.3', utf8(subject)],
      ]),
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2035-01-01T00:00:00Z'),
      spki: key.spki,
      extensions,
    },
    signer,
  );
}

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

function token(
  imprint: Uint8Array,
  tsa: { der: Uint8Array; certificate: pkijs.Certificate },
  key: TestKey,
  genTime: Date,
  extensions: readonly pkijs.Extension[],
): asn1js.AsnType {
  const tst = new pkijs.TSTInfo({
    version: 1,
    policy: '1.2.3.4.5',
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
    }),
    serialNumber: new asn1js.Integer({ value: ++serial }),
    genTime,
    ...(extensions.length && { extensions: [...extensions] }),
  });
  const tstDer = toDer(tst.toSchema());
  const info = buildSignerInfo({
    certificate: tsa.certificate,
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() }),
    signedAttributes: [contentTypeAttribute(OID.tstInfo), signingTimeAttribute(genTime), messageDigestAttribute(sha256(tstDer))],
    sign: (data) => key.sign(data),
  });
  const der = signedData({ eContentType: OID.tstInfo, eContent: tstDer, signerInfos: [info], certificates: [tsa.der] });
  return asn1js.fromBER(der).result;
}

export function hostileCms(options: HostileCmsOptions): Uint8Array {
  const content = options.content ?? Buffer.from('hostile');
  const key = () => madeUpKey(options.modulusBits, options.exponentBits);
  const caName = rdn([
    ['2.5.4.6', new asn1js.PrintableString({ value: 'KZ' })],
    ['2.5.4.3', utf8('НҰЦ РК (RSA)')],
  ]);
  const caKeys = Array.from({ length: options.fakeCas }, key);
  const fakeCas = caKeys.map((k) =>
    certificate('НҰЦ РК (RSA)', caName, k, k, [basicConstraints(true), keyUsage(['keyCertSign', 'cRLSign'])]),
  );
  // The certificates' own signatures: any key will do, none of them verifies.
  const issuerKey = caKeys[0] ?? key();
  const genTime = new Date('2026-05-01T00:00:00Z');
  const infos: pkijs.SignerInfo[] = [];
  const certificates: Uint8Array[] = fakeCas.map((c) => c.der);
  for (let s = 0; s < options.signers; s++) {
    const signerKey = key();
    const cert = certificate(`SIGNER ${s}`, caName, signerKey, issuerKey, [keyUsage(['digitalSignature', 'nonRepudiation'])]);
    certificates.push(cert.der);
    const info = buildSignerInfo({
      certificate: cert.certificate,
      digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() }),
      signedAttributes: [contentTypeAttribute(OID.data), signingTimeAttribute(genTime), messageDigestAttribute(sha256(content))],
      sign: (data) => signerKey.sign(data),
    });
    // RFC 3161 / CAdES: the imprint is the hash of the signature value, so the tokens "match".
    const imprint = sha256(info.signature.valueBlock.valueHexView);
    const tokens = Array.from({ length: options.tokensPerSigner }, (_, t) => {
      const tsaKey = key();
      const tsa = certificate(`TSA ${s}.${t}`, caName, tsaKey, issuerKey, [
        keyUsage(['digitalSignature']),
        extendedKeyUsage([OID.ekuTimeStamping], true),
      ]);
      return attribute(OID.signatureTimeStampToken, token(imprint, tsa, tsaKey, genTime, options.tstExtensions ?? []));
    });
    if (tokens.length) setUnsignedAttributes(info, tokens);
    infos.push(info);
  }
  return signedData({ eContentType: OID.data, eContent: content, signerInfos: infos, certificates });
}
