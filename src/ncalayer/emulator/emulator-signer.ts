// What the emulated NCALayer produces with a test-PKI key: CAdES like NCALayer's (kz-pki.md §2.5,
// via test-pki/cades.ts), CMS over a precomputed hash (signingParams.digested), raw signatures
// (format "raw") and the legacy getKeyInfo description.

import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCadesBes } from '../../signing/test-pki/cades';
import {
  attribute,
  contentTypeAttribute,
  messageDigestAttribute,
  setUnsignedAttributes,
  signedData,
  signerInfo,
  signingCertificateAttribute,
  signingTimeAttribute,
} from '../../signing/test-pki/cms-builder';
import { hex, parseDer, toDer } from '../../signing/test-pki/der';
import { digestFor, digestOidOf, TestKeyAlgorithm } from '../../signing/test-pki/keys';
import { TestPki, TestPkiEntity } from '../../signing/test-pki/manifest';
import { OID } from '../../signing/test-pki/oids';
import { inProcessTimestamper, TestTsa, Timestamper } from '../../signing/test-pki/test-tsa';
import { NcaLayerKeyInfo } from '../../../web/src/ncalayer/client/protocol';
import { assertNotProduction } from './production-guard';

assertNotProduction();

export interface CmsRequest {
  readonly content: Uint8Array;
  readonly detached: boolean;
  // content is the document's hash, computed with the key's digest algorithm.
  readonly digested: boolean;
  readonly timestamp: boolean;
}

// Key algorithm labels in getKeyInfo (the emulator's names; kz-pki.md does not record NCALayer's).
const ALGORITHM_LABEL: Readonly<Record<TestKeyAlgorithm, string>> = {
  'rsa-sha256': 'RSA',
  'gost2015-512': 'ECGOST3410-2015',
  gost2004: 'ECGOST34310',
};

export class EmulatorSignerError extends Error {}

export class EmulatorSigner {
  private readonly timestamper: Timestamper;

  constructor(
    pki: TestPki,
    private readonly clock: () => Date = () => new Date(),
  ) {
    // The test TSA answers in process: the emulator works offline, like the rest of the test PKI.
    this.timestamper = inProcessTimestamper(new TestTsa(pki, { clock }));
  }

  digestLength(entity: TestPkiEntity): number {
    return digestFor(entity.key.algorithm, new Uint8Array()).length;
  }

  async cms(entity: TestPkiEntity, request: CmsRequest): Promise<Uint8Array> {
    const timestamp = request.timestamp ? this.timestamper : undefined;
    if (!request.digested)
      return createCadesBes(entity, request.content, { detached: request.detached, timestamp, signingTime: this.clock() });
    return this.cmsOverHash(entity, request.content, timestamp);
  }

  // One more SignerInfo in an existing CMS over its encapsulated content (co-signing): the earlier
  // signers, their certificates and the content stay as they are. A detached CMS carries no content
  // to sign; kz-pki.md does not say what NCALayer does then, so the emulator refuses it.
  async coSign(entity: TestPkiEntity, existing: pkijs.SignedData, options: { timestamp: boolean }): Promise<Uint8Array> {
    const content = encapsulatedContent(existing);
    if (!content) throw new EmulatorSignerError('the CMS is detached: it carries no content to add a signer over');
    const timestamp = options.timestamp ? this.timestamper : undefined;
    const own = await createCadesBes(entity, content, { detached: true, timestamp, signingTime: this.clock() });
    const added = parseSignedData(own)?.signerInfos[0];
    if (!added) throw new Error('co-signing: the new SignerInfo could not be read back');
    const certificates = (existing.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => toDer(c.toSchema()));
    return signedData({
      eContentType: existing.encapContentInfo.eContentType,
      eContent: content,
      signerInfos: [...existing.signerInfos, added],
      certificates: [...certificates, entity.der],
    });
  }

  // Hash-and-sign over the data (format "raw").
  raw(entity: TestPkiEntity, content: Uint8Array): Uint8Array {
    return entity.key.sign(content);
  }

  keyInfo(entity: TestPkiEntity): NcaLayerKeyInfo {
    const certificate = entity.certificate;
    const keyId = subjectKeyId(certificate) ?? hex(createHash('sha1').update(entity.key.spki).digest()).toLowerCase();
    return {
      alias: keyId,
      keyId,
      algorithm: ALGORITHM_LABEL[entity.key.algorithm],
      subjectCn: commonName(certificate.subject),
      subjectDn: entity.subject,
      issuerCn: commonName(certificate.issuer),
      issuerDn: entity.issuer,
      serialNumber: entity.serialNumber.toLowerCase(),
      certNotAfter: String(certificate.notAfter.value.getTime()),
      certNotBefore: String(certificate.notBefore.value.getTime()),
      authorityKeyIdentifier: authorityKeyId(certificate) ?? '',
      pem: toPem(entity.der),
    };
  }

  // The CAdES-BES of cades.ts with messageDigest set to the given hash and no content (a hash
  // cannot be encapsulated).
  private async cmsOverHash(entity: TestPkiEntity, hash: Uint8Array, timestamper?: Timestamper): Promise<Uint8Array> {
    const algorithm = entity.key.algorithm;
    if (hash.length !== this.digestLength(entity))
      throw new EmulatorSignerError(
        `the hash is ${hash.length} bytes; ${entity.id} needs a ${this.digestLength(entity)}-byte hash`,
      );
    const info = signerInfo({
      signer: entity,
      signedAttributes: [
        contentTypeAttribute(OID.data),
        signingTimeAttribute(this.clock()),
        messageDigestAttribute(hash),
        signingCertificateAttribute(entity, { version: 2 }),
      ],
    });
    if (timestamper) {
      const signatureValue = info.signature.valueBlock.valueHexView.slice();
      const token = await timestamper(digestOidOf(algorithm), digestFor(algorithm, signatureValue));
      setUnsignedAttributes(info, [attribute(OID.signatureTimeStampToken, parseDer(token, 'time-stamp token'))]);
    }
    return signedData({ eContentType: OID.data, signerInfos: [info], certificates: [entity.der] });
  }
}

// The SignedData of a DER ContentInfo { id-signedData, … }, or undefined for any other bytes
// (which are then data to sign).
export function parseSignedData(bytes: Uint8Array): pkijs.SignedData | undefined {
  if (bytes.length < 2 || bytes[0] !== 0x30) return undefined;
  try {
    const parsed = asn1js.fromBER(bytes);
    if (parsed.offset !== bytes.length) return undefined;
    const info = new pkijs.ContentInfo({ schema: parsed.result });
    if (info.contentType !== OID.signedData) return undefined;
    return new pkijs.SignedData({ schema: info.content });
  } catch {
    return undefined;
  }
}

// eContent as one byte string (a BER constructed OCTET STRING is joined), or undefined if detached.
function encapsulatedContent(sd: pkijs.SignedData): Uint8Array | undefined {
  const eContent = sd.encapContentInfo.eContent;
  if (!eContent) return undefined;
  if (!eContent.idBlock.isConstructed) return eContent.valueBlock.valueHexView.slice();
  const parts = (eContent.valueBlock.value as asn1js.OctetString[]).map((part) => part.valueBlock.valueHexView);
  return new Uint8Array(Buffer.concat(parts));
}

function commonName(name: pkijs.RelativeDistinguishedNames): string {
  const cn = name.typesAndValues.find((tv) => tv.type === OID.commonName);
  return cn ? String(cn.value.valueBlock.value) : '';
}

function subjectKeyId(certificate: pkijs.Certificate): string | undefined {
  const ext = certificate.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  const value: unknown = ext?.parsedValue;
  return value instanceof asn1js.OctetString ? hex(value.valueBlock.valueHexView).toLowerCase() : undefined;
}

function authorityKeyId(certificate: pkijs.Certificate): string | undefined {
  const ext = certificate.extensions?.find((e) => e.extnID === OID.authorityKeyIdentifier);
  const value: unknown = ext?.parsedValue;
  return value instanceof pkijs.AuthorityKeyIdentifier && value.keyIdentifier
    ? hex(value.keyIdentifier.valueBlock.valueHexView).toLowerCase()
    : undefined;
}

function toPem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
