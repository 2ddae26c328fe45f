// RFC 6960 OCSP: request building and response validation. Every answer is checked: the
// BasicOCSPResponse signature, the responder's authority (the CA itself, or a delegated responder
// the CA issued with EKU id-kp-OCSPSigning), the CertID, the nonce and the freshness. NCANode
// takes OCSP responses on trust (kz-pki.md §3.2); a forged "good" must not pass here.

import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { berStructureProblem } from '../revocation/der-reader';
import { computeDigest, digestAlgorithm, signatureDigestOid, verifySignature } from './algorithms';
import { CertificateInfo, loadCertificates, namesEqual, serialHex } from './certificates';
import { isSignedBy } from './chain';
import { ALGORITHM_OID } from './oids';
import { formatName } from './signer-identity';

export const OCSP_OID = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  noCheck: '1.3.6.1.5.5.7.48.1.5',
  ekuOcspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

// RFC 5280 §5.3.1 CRLReason names, shared with the CRL code.
export const CRL_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'unused',
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export const reasonName = (code: number | undefined): string | undefined =>
  code === undefined ? undefined : (CRL_REASONS[code] ?? `reason ${code}`);

export type OcspProblem =
  'MALFORMED' | 'NOT_SUCCESSFUL' | 'NO_MATCH' | 'SIGNATURE' | 'UNAUTHORIZED' | 'NONCE' | 'NOT_YET_VALID' | 'STALE';

export type OcspOutcome =
  | {
      readonly ok: true;
      readonly status: 'good' | 'revoked' | 'unknown';
      readonly responder: string;
      // 'ca': signed by the issuing CA; 'delegated': by a responder certificate it issued.
      readonly responderKind: 'ca' | 'delegated';
      readonly noCheck: boolean;
      readonly thisUpdate: Date;
      readonly nextUpdate?: Date;
      readonly producedAt: Date;
      readonly revocationTime?: Date;
      readonly reason?: string;
    }
  | { readonly ok: false; readonly problem: OcspProblem; readonly message: string };

export interface OcspCheckOptions {
  // The certificate asked about: its serial (uppercase hex) and its issuing CA.
  readonly serialNumber: string;
  readonly issuer: CertificateInfo;
  // The time the answer must be fresh at.
  readonly time: Date;
  // The nonce sent in the request, when one was (then the response must echo it).
  readonly nonce?: Uint8Array;
  // Tolerated clock difference with the responder.
  readonly skewMs: number;
  // Maximum age of a response without nextUpdate (NCA sends none).
  readonly maxAgeMs: number;
  // The certificate's notAfter. A "good" issued after `time` still speaks for `time` (revocation is
  // final), but only while the certificate was valid when it was issued: responders, like CRLs,
  // stop tracking expired certificates.
  readonly certificateNotAfter?: Date;
}

const fail = (problem: OcspProblem, message: string): OcspOutcome => ({ ok: false, problem, message });

function keyBits(cert: CertificateInfo): Uint8Array {
  return cert.certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView;
}

function nameDer(cert: CertificateInfo): Uint8Array {
  return new Uint8Array(cert.certificate.subject.toSchema().toBER(false));
}

// CertID for an OCSPRequest (SHA-256, as NCA accepts it).
export function buildOcspRequest(serialNumber: string, issuer: CertificateInfo, nonce?: Uint8Array): Uint8Array {
  const sha256 = digestAlgorithm(ALGORITHM_OID.sha256);
  if (!sha256) throw new Error('internal: SHA-256 missing');
  const certId = new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: sha256.oid, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: computeDigest(sha256, nameDer(issuer)) }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: computeDigest(sha256, keyBits(issuer)) }),
    serialNumber: new asn1js.Integer({
      valueHex: Buffer.from(serialNumber.length % 2 ? `0${serialNumber}` : serialNumber, 'hex'),
    }),
  });
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certId })];
  if (nonce)
    // NCA's form: extnValue = OCTET STRING(nonce) (RFC 8954).
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: OCSP_OID.nonce, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
    ];
  return new Uint8Array(request.toSchema(true).toBER(false));
}

export const newNonce = (): Uint8Array => new Uint8Array(randomBytes(16));

// OCSPResponse (or a bare BasicOCSPResponse, as some CMS producers embed) -> BasicOCSPResponse.
export function parseBasicResponse(der: Uint8Array): pkijs.BasicOCSPResponse | OcspOutcome {
  try {
    const structure = berStructureProblem(der);
    if (structure) return fail('MALFORMED', `malformed OCSP response: ${structure}`);
    const root = asn1js.fromBER(der);
    if (root.offset === -1 || root.offset !== der.byteLength) return fail('MALFORMED', 'not a single DER element');
    const first = (root.result as asn1js.Sequence).valueBlock.value?.[0];
    if (!(first instanceof asn1js.Enumerated)) return new pkijs.BasicOCSPResponse({ schema: root.result });
    const response = new pkijs.OCSPResponse({ schema: root.result });
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) return fail('NOT_SUCCESSFUL', `OCSP responseStatus ${status}${status === 3 ? ' (tryLater)' : ''}`);
    if (response.responseBytes?.responseType !== OCSP_OID.basic) return fail('MALFORMED', 'not a BasicOCSPResponse');
    const basic = response.responseBytes.response.valueBlock.valueHexView;
    const inner = berStructureProblem(basic);
    if (inner) return fail('MALFORMED', `malformed BasicOCSPResponse: ${inner}`);
    return pkijs.BasicOCSPResponse.fromBER(basic);
  } catch (error) {
    return fail('MALFORMED', `malformed OCSP response: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

function matchesCertId(id: pkijs.CertID, serialNumber: string, issuer: CertificateInfo): boolean {
  const hash = digestAlgorithm(id.hashAlgorithm.algorithmId);
  if (!hash || serialHex(id.serialNumber) !== serialNumber) return false;
  return (
    sameBytes(computeDigest(hash, nameDer(issuer)), id.issuerNameHash.valueBlock.valueHexView) &&
    sameBytes(computeDigest(hash, keyBits(issuer)), id.issuerKeyHash.valueBlock.valueHexView)
  );
}

// ResponderID: byName [1] Name, byKey [2] SHA-1 of the responder's key bits.
function isResponder(responderId: unknown, cert: CertificateInfo): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) return namesEqual(responderId, cert.certificate.subject);
  if (responderId instanceof asn1js.OctetString) {
    const sha1 = digestAlgorithm(ALGORITHM_OID.sha1);
    return !!sha1 && sameBytes(computeDigest(sha1, keyBits(cert)), responderId.valueBlock.valueHexView);
  }
  return false;
}

function nonceMatches(basic: pkijs.BasicOCSPResponse, nonce: Uint8Array): boolean {
  const ext = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_OID.nonce);
  if (!ext) return false;
  const raw = ext.extnValue.valueBlock.valueHexView;
  // Accept both the RFC 8954 form (OCTET STRING inside) and the bare bytes of older responders.
  if (sameBytes(raw, nonce)) return true;
  const inner = asn1js.fromBER(raw).result;
  return inner instanceof asn1js.OctetString && sameBytes(inner.valueBlock.valueHexView, nonce);
}

interface Signer {
  readonly cert: CertificateInfo;
  readonly kind: 'ca' | 'delegated';
}

// RFC 6960 §4.2.2.2: the CA itself, or a certificate issued directly by it with OCSPSigning.
// The responder certificate must be valid when it signed (producedAt), not at the time asked about:
// an answer issued later about an earlier time is signed by the responder of that later day.
function authorizedSigner(basic: pkijs.BasicOCSPResponse, issuer: CertificateInfo, time: Date): Signer | OcspOutcome {
  const responderId: unknown = basic.tbsResponseData.responderID;
  if (isResponder(responderId, issuer)) return { cert: issuer, kind: 'ca' };
  const ders = (basic.certs ?? []).map((c) => new Uint8Array(c.toSchema().toBER(false)));
  const candidates = loadCertificates(ders).certificates.filter((c) => isResponder(responderId, c));
  if (candidates.length === 0) return fail('UNAUTHORIZED', 'responder certificate is neither the CA nor included');
  const problems: string[] = [];
  for (const cert of candidates) {
    const name = formatName(cert.certificate.subject);
    if (!namesEqual(cert.certificate.issuer, issuer.certificate.subject) || !isSignedBy(cert, issuer).ok)
      problems.push(`${name} is not issued by the certificate's CA`);
    else if (!cert.extendedKeyUsage?.includes(OCSP_OID.ekuOcspSigning)) problems.push(`${name} lacks EKU OCSPSigning`);
    else if (cert.extensionProblems.length > 0) problems.push(`${name}: ${cert.extensionProblems.join('; ')}`);
    else if (!cert.validAt(time)) problems.push(`${name} is not valid at ${time.toISOString()}`);
    else return { cert, kind: 'delegated' };
  }
  return fail('UNAUTHORIZED', `responder not authorized: ${problems.join('; ')}`);
}

// RFC 6960 §4.4 / RFC 5280 §4.2: a critical extension the verifier does not process makes the
// response unusable. responseExtensions: the nonce. singleExtensions: the CRL entry extensions
// reasonCode and invalidityDate (§4.4.5; informational here). certificateIssuer (indirect CRLs)
// and every other critical extension are refused.
const RESPONSE_EXTENSIONS: ReadonlySet<string> = new Set([OCSP_OID.nonce]);
const SINGLE_EXTENSIONS: ReadonlySet<string> = new Set(['2.5.29.21', '2.5.29.24']);

function criticalExtensionProblem(basic: pkijs.BasicOCSPResponse, single: pkijs.SingleResponse): string | undefined {
  const lists: [string, pkijs.Extension[] | undefined, ReadonlySet<string>][] = [
    ['responseExtensions', basic.tbsResponseData.responseExtensions, RESPONSE_EXTENSIONS],
    ['singleExtensions', single.singleExtensions, SINGLE_EXTENSIONS],
  ];
  for (const [where, extensions, known] of lists) {
    const unknown = (extensions ?? []).find((e) => e.critical && !known.has(e.extnID));
    if (unknown) return `unrecognized critical extension ${unknown.extnID} in ${where} (RFC 6960 §4.4, RFC 5280 §4.2)`;
  }
  return undefined;
}

function certStatus(
  single: pkijs.SingleResponse,
): Pick<Extract<OcspOutcome, { ok: true }>, 'status' | 'revocationTime' | 'reason'> {
  const node = single.certStatus as asn1js.BaseBlock;
  const tag = node.idBlock.tagNumber;
  if (node.idBlock.tagClass !== 3 || tag > 2) throw new Error('unknown CertStatus');
  if (tag === 0) return { status: 'good' };
  if (tag === 2) return { status: 'unknown' };
  const parts = (node as asn1js.Constructed).valueBlock.value;
  const time = parts[0];
  if (!(time instanceof asn1js.GeneralizedTime)) throw new Error('RevokedInfo without revocationTime');
  const reasonWrapper = parts[1] as asn1js.Constructed | undefined;
  const reasonNode = reasonWrapper?.valueBlock.value?.[0];
  const reason = reasonNode instanceof asn1js.Enumerated ? reasonName(reasonNode.valueBlock.valueDec) : undefined;
  return { status: 'revoked', revocationTime: time.toDate(), ...(reason && { reason }) };
}

// Never throws. NO_MATCH: a valid-looking response about another certificate.
export function checkOcspResponse(der: Uint8Array, options: OcspCheckOptions): OcspOutcome {
  const basic = parseBasicResponse(der);
  if (!(basic instanceof pkijs.BasicOCSPResponse)) return basic;
  try {
    const { serialNumber, issuer, time } = options;
    const single = basic.tbsResponseData.responses.find((r) => matchesCertId(r.certID, serialNumber, issuer));
    if (!single)
      return fail('NO_MATCH', `no SingleResponse for serial ${serialNumber} of ${formatName(issuer.certificate.subject)}`);
    const signer = authorizedSigner(basic, issuer, basic.tbsResponseData.producedAt);
    if (!('cert' in signer)) return signer;
    const algorithm = basic.signatureAlgorithm.algorithmId;
    const outcome = verifySignature(
      algorithm,
      signatureDigestOid(algorithm) ?? '',
      signer.cert.publicKey,
      basic.signature.valueBlock.valueHexView,
      { data: basic.tbsResponseData.tbsView },
    );
    if (outcome.status !== 'valid') return fail('SIGNATURE', `OCSP response signature: ${outcome.message}`);
    const critical = criticalExtensionProblem(basic, single);
    if (critical) return fail('MALFORMED', critical);
    if (options.nonce && !nonceMatches(basic, options.nonce))
      return fail('NONCE', 'OCSP response nonce is missing or differs from the request (possible replay)');
    const status = certStatus(single);
    const thisUpdate = single.thisUpdate;
    const nextUpdate = single.nextUpdate;
    const issuedLater = thisUpdate.getTime() > time.getTime() + options.skewMs;
    // Issued after the time asked about: a revocation it reports is judged by its revocationTime
    // (by the caller); "good" covers that earlier time only while the certificate was still valid
    // when the answer was made.
    if (issuedLater && status.status !== 'revoked') {
      const tracked = status.status === 'good' && options.certificateNotAfter && thisUpdate <= options.certificateNotAfter;
      if (!tracked)
        return fail(
          'NOT_YET_VALID',
          `OCSP thisUpdate ${thisUpdate.toISOString()} is after ${time.toISOString()}` +
            (status.status === 'good' ? ' and after the certificate expired: it cannot speak for that time' : ''),
        );
    }
    // A revocation is final (certificateHold aside), so only good/unknown answers go stale.
    if (status.status !== 'revoked' && !issuedLater) {
      const expiry = nextUpdate ? nextUpdate.getTime() + options.skewMs : thisUpdate.getTime() + options.maxAgeMs;
      if (time.getTime() > expiry)
        return fail(
          'STALE',
          nextUpdate
            ? `OCSP response expired: nextUpdate ${nextUpdate.toISOString()}`
            : `OCSP response older than the policy's maximum age (thisUpdate ${thisUpdate.toISOString()})`,
        );
    }
    return {
      ok: true,
      ...status,
      responder: formatName(signer.cert.certificate.subject),
      responderKind: signer.kind,
      noCheck: signer.cert.certificate.extensions?.some((e) => e.extnID === OCSP_OID.noCheck) ?? false,
      thisUpdate,
      ...(nextUpdate && { nextUpdate }),
      producedAt: basic.tbsResponseData.producedAt,
    };
  } catch (error) {
    return fail('MALFORMED', `malformed OCSP response: ${error instanceof Error ? error.message : String(error)}`);
  }
}
