// Evidence upgrade of an accepted signature (ETSI EN 319 122-1 §5.3–5.4): B-T = a signature
// time-stamp (RFC 3161) over the SignerInfo's signature value, as the unsigned attribute
// id-aa-signatureTimeStampToken; B-LT = also the OCSP/CRL answers used to verify it, as
// id-aa-ets-revocationValues. Only that SignerInfo is rebuilt; every other byte of the client's
// CMS (content, certificates, signed attributes) is kept exactly as received.
import { Inject, Injectable, Logger } from '@nestjs/common';
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import * as pkijs from 'pkijs';
import { AppConfig } from '../config/app-config';
import type { RevocationCapture, SignedContentVerification } from '../signing/api/signature-verification.service';
import type { VerificationReport } from '../signing/verification/report';
import { createHasher, digestAlgorithm } from '../signing/verification/algorithms';

export const SIGNATURE_TIMESTAMP_TOKEN_OID = '1.2.840.113549.1.9.16.2.14';
export const REVOCATION_VALUES_OID = '1.2.840.113549.1.9.16.2.24';

// RFC 3161 client: the token (ContentInfo DER) for a message imprint.
export interface SignatureTimestamper {
  timestamp(hashAlgorithmOid: string, imprint: Uint8Array): Promise<Uint8Array>;
}
export const SIGNATURE_TIMESTAMPER = Symbol('SIGNATURE_TIMESTAMPER');

function der(node: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array {
  return new Uint8Array(node.toBER(false));
}

// DER definite length (X.690 §8.1.3).
function lengthOctets(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function tlv(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  const content = Buffer.concat(parts);
  return Buffer.concat([Uint8Array.of(tag), lengthOctets(content.length), content]);
}

const original = (node: asn1js.AsnType) => new Uint8Array(node.valueBeforeDecodeView);
const children = (node: asn1js.AsnType): asn1js.AsnType[] => (node as asn1js.Constructed).valueBlock.value;
const isContext = (node: asn1js.AsnType, n: number) => node.idBlock.tagClass === 3 && node.idBlock.tagNumber === n;

export class CmsStructureError extends Error {}

function parseSingle(bytes: Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes);
  if (parsed.offset === -1 || parsed.offset !== bytes.byteLength) throw new CmsStructureError('not a single BER value');
  return parsed.result;
}

// The signer's digest algorithm and signature value (for the imprint) of a one-signer CMS.
export function signatureImprintInput(cms: Uint8Array): { digestOid: string; signatureValue: Uint8Array } {
  const signerInfo = locateSignerInfo(parseSingle(cms)).signerInfo;
  const parts = children(signerInfo);
  const digestOid = (children(parts[2])[0] as asn1js.ObjectIdentifier).valueBlock.toString();
  const signature = parts.find((p) => p instanceof asn1js.OctetString) as asn1js.OctetString | undefined;
  if (!signature) throw new CmsStructureError('SignerInfo without a signature value');
  return { digestOid, signatureValue: new Uint8Array(signature.valueBlock.valueHexView) };
}

function locateSignerInfo(contentInfo: asn1js.AsnType) {
  const explicit = children(contentInfo)[1];
  const signedData = children(explicit)[0];
  const sdParts = children(signedData);
  const signerInfos = sdParts[sdParts.length - 1];
  const infos = children(signerInfos);
  if (infos.length !== 1) throw new CmsStructureError('expected exactly one SignerInfo');
  return { contentInfo, explicit, signedData, sdParts, signerInfos, signerInfo: infos[0] };
}

// The CMS with one more unsigned attribute (type, one value DER) on its one SignerInfo.
export function withUnsignedAttribute(cms: Uint8Array, type: string, value: Uint8Array): Uint8Array {
  const { contentInfo, sdParts, signerInfo } = locateSignerInfo(parseSingle(cms));
  const attribute = tlv(0x30, [der(new asn1js.ObjectIdentifier({ value: type })), tlv(0x31, [value])]);
  const siParts = children(signerInfo);
  const existing = siParts.find((p) => isContext(p, 1));
  const unsigned = tlv(0xa1, [...(existing ? children(existing).map(original) : []), attribute]);
  const newSignerInfo = tlv(0x30, [...siParts.filter((p) => p !== existing).map(original), unsigned]);
  const newSignedData = tlv(0x30, [...sdParts.slice(0, -1).map(original), tlv(0x31, [newSignerInfo])]);
  const ciParts = children(contentInfo);
  return tlv(0x30, [original(ciParts[0]), tlv(0xa0, [newSignedData])]);
}

export const withSignatureTimestamp = (cms: Uint8Array, token: Uint8Array) =>
  withUnsignedAttribute(cms, SIGNATURE_TIMESTAMP_TOKEN_OID, token);

// RevocationValues (RFC 5126 §6.3.4, explicit tags) from the answers fetched while verifying:
// OCSP answers as BasicOCSPResponse, CRLs as they came; anything else (certificates) is skipped.
export function revocationValues(answers: RevocationCapture['answers']): Uint8Array | undefined {
  const crls: Uint8Array[] = [];
  const ocsp: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const answer of answers) {
    const key = Buffer.from(answer.body).toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const response = pkijs.OCSPResponse.fromBER(answer.body);
      const basic = response.responseBytes?.response.valueBlock.valueHexView;
      if (response.responseStatus.valueBlock.valueDec === 0 && basic) {
        ocsp.push(new Uint8Array(basic));
        continue;
      }
    } catch {
      // Not an OCSP response: maybe a CRL.
    }
    try {
      pkijs.CertificateRevocationList.fromBER(answer.body);
      crls.push(new Uint8Array(answer.body));
    } catch {
      // A certificate (AIA) or something else: not revocation data.
    }
  }
  if (crls.length === 0 && ocsp.length === 0) return undefined;
  return tlv(0x30, [
    ...(crls.length ? [tlv(0xa0, [tlv(0x30, crls)])] : []),
    ...(ocsp.length ? [tlv(0xa1, [tlv(0x30, ocsp)])] : []),
  ]);
}

// RFC 3161 over HTTP: POST application/timestamp-query; the answer's status must grant, and the
// token must carry our imprint and nonce (its signature is checked when the upgraded CMS is
// verified again).
@Injectable()
export class HttpSignatureTimestamper implements SignatureTimestamper {
  constructor(private readonly config: AppConfig) {}

  async timestamp(hashAlgorithmOid: string, imprint: Uint8Array): Promise<Uint8Array> {
    const url = this.config.documents.tsaUrl;
    if (!url) throw new Error('no TSA configured');
    const nonce = new Uint8Array(randomBytes(8));
    nonce[0] &= 0x7f;
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashAlgorithmOid, algorithmParams: new asn1js.Null() }),
        hashedMessage: new asn1js.OctetString({ valueHex: imprint }),
      }),
      nonce: new asn1js.Integer({ valueHex: nonce }),
      certReq: true,
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: der(request.toSchema()),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) throw new Error(`TSA answered HTTP ${response.status}`);
    const body = parseSingle(new Uint8Array(await response.arrayBuffer()));
    const status = pkijs.PKIStatusInfo.fromBER(original(children(body)[0]));
    const tokenNode = children(body)[1];
    if (status.status > 1 || !tokenNode) throw new Error(`TSA refused: status ${status.status}`);
    const token = original(tokenNode);
    const signed = new pkijs.SignedData({ schema: children(tokenNode)[1] ? children(children(tokenNode)[1])[0] : undefined });
    const eContent = signed.encapContentInfo.eContent;
    if (!eContent) throw new Error('TSA token without TSTInfo');
    const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
    const sameImprint = Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).equals(Buffer.from(imprint));
    const sameNonce =
      tstInfo.nonce !== undefined && Buffer.from(tstInfo.nonce.valueBlock.valueHexView).equals(Buffer.from(nonce));
    if (!sameImprint || !sameNonce) throw new Error('TSA token does not answer our request');
    return token;
  }
}

// Upgrades an accepted CMS (base64 in, DER out) when a TSA is configured; without one, or when
// the TSA fails, the CMS stays as the client made it (B-B) and the caller records why.
@Injectable()
export class SignatureEvidenceUpgrader {
  private readonly logger = new Logger('SignatureEvidence');

  constructor(
    private readonly config: AppConfig,
    @Inject(SIGNATURE_TIMESTAMPER) private readonly timestamper: SignatureTimestamper,
  ) {}

  get enabled(): boolean {
    return !!this.config.documents.tsaUrl;
  }

  async upgrade(cms: Uint8Array): Promise<{ cms: Uint8Array; error?: string }> {
    if (!this.enabled) return { cms };
    try {
      const { digestOid, signatureValue } = signatureImprintInput(cms);
      const algorithm = digestAlgorithm(digestOid);
      if (!algorithm) throw new Error(`unsupported digest ${digestOid}`);
      const imprint = createHasher(algorithm).update(signatureValue).digest();
      const token = await this.timestamper.timestamp(digestOid, imprint);
      return { cms: withSignatureTimestamp(cms, token) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn({ msg: 'signature time-stamp not added', error: message });
      return { cms, error: message };
    }
  }

  // What to store for an accepted signature: the CMS upgraded to B-T (signature time-stamp) and,
  // when the answers used to verify it can be captured, to B-LT (those answers embedded as
  // revocationValues), with the report of the last verification; or, when the upgrade fails or the
  // upgraded CMS does not pass, the CMS as received with its first report and the reason.
  async seal(
    cmsBase64: string,
    accepted: SignedContentVerification,
    verifyAgain: (cmsBase64: string, capture?: RevocationCapture) => Promise<SignedContentVerification>,
  ): Promise<{ cms: Buffer; report: VerificationReport; timestampError?: string }> {
    const received = Buffer.from(cmsBase64.replace(/\s+/g, ''), 'base64');
    if (!this.enabled) return { cms: received, report: accepted.report };
    const upgraded = await this.upgrade(received);
    if (upgraded.error) return { cms: received, report: accepted.report, timestampError: upgraded.error };
    const capture: RevocationCapture = { answers: [] };
    const stamped = await verifyAgain(Buffer.from(upgraded.cms).toString('base64'), capture);
    if (stamped.report.indication !== 'TOTAL_PASSED' || !stamped.contentMatches) {
      const reason = `the time-stamped signature did not verify: ${stamped.report.subIndication ?? stamped.report.indication}`;
      this.logger.warn({ msg: 'signature time-stamp not added', error: reason });
      return { cms: received, report: accepted.report, timestampError: reason };
    }
    const values = revocationValues(capture.answers);
    if (values) {
      const longTerm = withUnsignedAttribute(upgraded.cms, REVOCATION_VALUES_OID, values);
      const verified = await verifyAgain(Buffer.from(longTerm).toString('base64'));
      if (verified.report.indication === 'TOTAL_PASSED' && verified.contentMatches) {
        return { cms: Buffer.from(longTerm), report: verified.report };
      }
      this.logger.warn({ msg: 'revocation values not embedded', error: verified.report.subIndication });
    }
    return { cms: Buffer.from(upgraded.cms), report: stamped.report };
  }
}
