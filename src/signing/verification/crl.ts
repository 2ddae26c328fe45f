// RFC 5280 CRL validation over the compact CrlIndex (src/signing/revocation): the CRL must come
// from the CA that issued the certificate (DN, and AKI when both sides carry key ids), verify with
// that CA's key, and be current at the time asked about.
//
// Delta CRLs (RFC 5280 §5.2.4, §6.3.3): a delta is combined with a complete CRL of the same
// issuer and scope whose CRL number is at least the delta's BaseCRLNumber; the certificate is
// revoked when either lists it (a removeFromCRL entry in the delta releases a certificateHold of
// the complete CRL), and "not revoked" then holds until the delta's nextUpdate. A delta alone can
// only say "revoked": what it does not list may be on its base CRL.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CrlIndex, RevokedEntry } from '../revocation/crl-index';
import { children, expectTag, readElement } from '../revocation/der-reader';
import { SignatureOutcome, signatureDigestOid, verifySignature } from './algorithms';
import { CertificateInfo, namesEqual, toHex } from './certificates';
import { reasonName } from './ocsp';
import { formatName } from './signer-identity';

export type CrlProblem = 'MALFORMED' | 'DELTA' | 'NO_MATCH' | 'SIGNATURE' | 'NOT_YET_VALID' | 'STALE';

// CRLReason removeFromCRL (RFC 5280 §5.3.1): only meaningful in a delta CRL.
const REMOVE_FROM_CRL = 8;

export type CrlOutcome =
  | {
      readonly ok: true;
      readonly status: 'good' | 'revoked';
      readonly crlIssuer: string;
      readonly thisUpdate: Date;
      readonly nextUpdate?: Date;
      readonly crlNumber?: string;
      // Set when a delta CRL took part; thisUpdate/nextUpdate are then the delta's.
      readonly deltaCrlNumber?: string;
      readonly revocationTime?: Date;
      readonly reason?: string;
    }
  | { readonly ok: false; readonly problem: CrlProblem; readonly message: string };

export interface CrlCheckOptions {
  readonly serialNumber: string;
  readonly issuer: CertificateInfo;
  readonly time: Date;
  readonly skewMs: number;
  // A delta CRL to combine with the complete CRL (see deltaProblem: the caller picks a usable one).
  readonly delta?: CrlIndex;
  // The certificate asked about: the CRL's scope (issuingDistributionPoint) must cover it.
  readonly certificate?: CertificateInfo;
}

const fail = (problem: CrlProblem, message: string): Extract<CrlOutcome, { ok: false }> => ({ ok: false, problem, message });

// Signature checks of big CRLs are costly (the NCA GOST CRL is ~20 MB): remember per index
// which issuer keys it verified with.
const verifiedWith = new WeakMap<CrlIndex, Set<string>>();

// The CRL's signature checked with the issuer's key, remembered per (CRL, issuer) when valid.
export function verifyCrlSignature(index: CrlIndex, issuer: CertificateInfo): SignatureOutcome {
  const verified = verifiedWith.get(index) ?? new Set<string>();
  if (verified.has(issuer.sha256)) return { status: 'valid' };
  const outcome = verifySignature(
    index.signatureAlgorithm,
    signatureDigestOid(index.signatureAlgorithm) ?? '',
    issuer.publicKey,
    index.signatureValue,
    { data: index.tbsCertList },
  );
  if (outcome.status === 'valid') {
    verified.add(issuer.sha256);
    verifiedWith.set(index, verified);
  }
  return outcome;
}

export function parseCrl(der: Uint8Array): CrlIndex | Extract<CrlOutcome, { ok: false }> {
  try {
    return CrlIndex.fromDer(Buffer.from(der.buffer, der.byteOffset, der.byteLength));
  } catch (error) {
    const message = `malformed CRL: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, problem: 'MALFORMED', message };
  }
}

// Issuer DN (and AKI vs SKI when both exist): cheap, no signature check.
export function crlIssuedBy(index: CrlIndex, issuer: CertificateInfo): boolean {
  const subject = issuer.certificate.subject;
  const own = new Uint8Array(subject.toSchema().toBER(false));
  if (!Buffer.from(own).equals(index.issuer)) {
    const name = new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(new Uint8Array(index.issuer)).result });
    if (!namesEqual(name, subject)) return false;
  }
  return !index.authorityKeyIdentifier || !issuer.subjectKeyId || toHex(index.authorityKeyIdentifier) === issuer.subjectKeyId;
}

// Issuer, key usage and signature: undefined when the CRL is authentic for this CA.
function authenticate(index: CrlIndex, issuer: CertificateInfo): Extract<CrlOutcome, { ok: false }> | undefined {
  if (!crlIssuedBy(index, issuer)) return fail('NO_MATCH', `CRL is not from ${formatName(issuer.certificate.subject)}`);
  if (issuer.keyUsage && !issuer.keyUsage.has('cRLSign')) return fail('SIGNATURE', 'the CA key may not sign CRLs (keyUsage)');
  const outcome = verifyCrlSignature(index, issuer);
  if (outcome.status !== 'valid') return fail('SIGNATURE', `CRL signature: ${outcome.message}`);
  return undefined;
}

// RFC 5280 §5.2.5 / §6.3.3 (b)(2): a CRL limited to end-entity or CA certificates, to attribute
// certificates, or to some revocation reasons cannot answer for every certificate. The
// distribution point name of the scope is not matched against the certificate's CRL DP (NCA's
// CRLs carry no issuingDistributionPoint, and its certificates name mirror hosts).
export function scopeProblem(index: CrlIndex, certificate: CertificateInfo): string | undefined {
  const idp = index.issuingDistributionPoint;
  if (!idp) return undefined;
  const fields = [...children(idp, expectTag(readElement(idp, 0), 0x30, 'IssuingDistributionPoint'))];
  // BOOLEAN DEFAULT FALSE fields, IMPLICIT [1]..[5].
  const flag = (tag: number) => {
    const field = fields.find((f) => f.tag === tag);
    return field !== undefined && field.end > field.valueStart && idp[field.valueStart] !== 0;
  };
  if (flag(0x81) && certificate.isCa) return 'the CRL covers end-entity certificates only';
  if (flag(0x82) && !certificate.isCa) return 'the CRL covers CA certificates only';
  if (flag(0x85)) return 'the CRL covers attribute certificates only';
  if (fields.some((f) => f.tag === 0x83)) return 'the CRL covers only some revocation reasons';
  if (flag(0x84)) return 'indirect CRLs are not supported';
  return undefined;
}

const sameScope = (a: CrlIndex, b: CrlIndex) =>
  a.issuingDistributionPoint === undefined
    ? b.issuingDistributionPoint === undefined
    : b.issuingDistributionPoint !== undefined && a.issuingDistributionPoint.equals(b.issuingDistributionPoint);

// Why this delta cannot be combined with this complete CRL (RFC 5280 §5.2.4, §6.3.3 (b)-(c)),
// or undefined when it can. Issuer and signature are checked by checkCrl for both.
export function deltaProblem(full: CrlIndex, delta: CrlIndex, time: Date, skewMs: number): string | undefined {
  if (!delta.isDelta || delta.deltaBaseCrlNumber === undefined) return 'not a delta CRL';
  if (full.isDelta) return 'a delta CRL cannot serve as the complete CRL';
  if (full.crlNumber === undefined) return 'the complete CRL has no CRL number';
  if (delta.deltaBaseCrlNumber > full.crlNumber)
    return `delta CRL is based on CRL #${delta.deltaBaseCrlNumber}, newer than the complete CRL #${full.crlNumber}`;
  if (delta.crlNumber === undefined || delta.crlNumber <= full.crlNumber)
    return `delta CRL #${delta.crlNumber ?? '?'} is not newer than the complete CRL #${full.crlNumber}`;
  if (!full.issuer.equals(delta.issuer)) return 'delta CRL has another issuer name';
  if (!sameScope(full, delta)) return 'delta CRL has another scope (issuingDistributionPoint)';
  if (delta.thisUpdate.getTime() > time.getTime() + skewMs)
    return `delta CRL thisUpdate ${delta.thisUpdate.toISOString()} is after ${time.toISOString()}`;
  return undefined;
}

// The newest delta CRL among `deltas` that can be combined with the complete CRL `full` of
// `issuer`, and why the others cannot (deltas of other CAs are skipped silently).
export function selectDelta(
  full: CrlIndex,
  deltas: readonly CrlIndex[],
  issuer: CertificateInfo,
  time: Date,
  skewMs: number,
): { readonly delta?: CrlIndex; readonly notes: readonly string[] } {
  const notes: string[] = [];
  let best: CrlIndex | undefined;
  for (const delta of deltas) {
    if (!delta.isDelta || !crlIssuedBy(delta, issuer)) continue;
    const problem = authenticate(delta, issuer)?.message ?? deltaProblem(full, delta, time, skewMs);
    if (problem) notes.push(`delta CRL #${delta.crlNumber ?? '?'} unusable: ${problem}`);
    else if (!best || (best.crlNumber ?? 0n) < (delta.crlNumber ?? 0n)) best = delta;
  }
  return { ...(best && { delta: best }), notes };
}

// Never throws. NO_MATCH: a CRL of another CA. DELTA: a delta CRL alone that does not list the
// certificate (it cannot tell "not revoked").
export function checkCrl(index: CrlIndex, options: CrlCheckOptions): CrlOutcome {
  try {
    const { issuer, time, delta } = options;
    const rejected = authenticate(index, issuer);
    if (rejected) return rejected;
    const outOfScope = options.certificate && scopeProblem(index, options.certificate);
    if (outOfScope) return fail('NO_MATCH', outOfScope);
    const crlIssuer = formatName(issuer.certificate.subject);
    const listed = (crl: CrlIndex) => crl.lookup(options.serialNumber);
    if (index.thisUpdate.getTime() > time.getTime() + options.skewMs) {
      // Issued after the time asked about: a listed revocation is final (RFC 5280 §3.3), so the caller
      // judges it by its date; "not listed" covers that earlier time only if the certificate was
      // still valid when the CRL was issued (entries of expired certificates may be dropped, §5.1.2.6).
      const entry = listed(index);
      if (entry && entry.reason !== REMOVE_FROM_CRL)
        return revokedAnswer(
          crlIssuer,
          index,
          entry,
          index.isDelta ? { deltaCrlNumber: index.crlNumber } : { crlNumber: index.crlNumber },
        );
      const tracked = !index.isDelta && options.certificate && index.thisUpdate <= options.certificate.notAfter;
      if (tracked) return goodAnswer(crlIssuer, index, { crlNumber: index.crlNumber });
      return fail('NOT_YET_VALID', `CRL thisUpdate ${index.thisUpdate.toISOString()} is after ${time.toISOString()}`);
    }
    if (index.isDelta) {
      const entry = listed(index);
      if (!entry || entry.reason === REMOVE_FROM_CRL)
        return fail('DELTA', 'a delta CRL without its complete CRL cannot establish "not revoked"');
      return revokedAnswer(crlIssuer, index, entry, { deltaCrlNumber: index.crlNumber });
    }
    if (delta) {
      const problem = authenticate(delta, issuer)?.message ?? deltaProblem(index, delta, time, options.skewMs);
      if (problem) return fail('DELTA', `delta CRL not usable: ${problem}`);
      const numbers = { crlNumber: index.crlNumber, deltaCrlNumber: delta.crlNumber };
      // §6.3.3 (g)-(i): the delta speaks first; removeFromCRL there means "no longer on hold".
      const fromDelta = listed(delta);
      if (fromDelta && fromDelta.reason !== REMOVE_FROM_CRL) return revokedAnswer(crlIssuer, delta, fromDelta, numbers);
      const fromFull = fromDelta ? undefined : listed(index);
      if (fromFull && fromFull.reason !== REMOVE_FROM_CRL) return revokedAnswer(crlIssuer, delta, fromFull, numbers);
      if (delta.nextUpdate && time.getTime() > delta.nextUpdate.getTime() + options.skewMs)
        return fail('STALE', `delta CRL expired: nextUpdate ${delta.nextUpdate.toISOString()} is before ${time.toISOString()}`);
      return goodAnswer(crlIssuer, delta, numbers);
    }
    const entry = listed(index);
    // A listed revocation stays true after nextUpdate; "not listed" only holds until then.
    if (entry && entry.reason !== REMOVE_FROM_CRL) return revokedAnswer(crlIssuer, index, entry, { crlNumber: index.crlNumber });
    if (index.nextUpdate && time.getTime() > index.nextUpdate.getTime() + options.skewMs)
      return fail('STALE', `CRL expired: nextUpdate ${index.nextUpdate.toISOString()} is before ${time.toISOString()}`);
    return goodAnswer(crlIssuer, index, { crlNumber: index.crlNumber });
  } catch (error) {
    return fail('MALFORMED', `CRL check failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

interface Numbers {
  readonly crlNumber?: bigint;
  readonly deltaCrlNumber?: bigint;
}

// Freshness fields come from `freshest`: the delta when one took part.
function common(crlIssuer: string, freshest: CrlIndex, numbers: Numbers) {
  return {
    ok: true as const,
    crlIssuer,
    thisUpdate: freshest.thisUpdate,
    ...(freshest.nextUpdate && { nextUpdate: freshest.nextUpdate }),
    ...(numbers.crlNumber !== undefined && { crlNumber: numbers.crlNumber.toString() }),
    ...(numbers.deltaCrlNumber !== undefined && { deltaCrlNumber: numbers.deltaCrlNumber.toString() }),
  };
}

const goodAnswer = (crlIssuer: string, freshest: CrlIndex, numbers: Numbers): CrlOutcome => ({
  ...common(crlIssuer, freshest, numbers),
  status: 'good',
});

function revokedAnswer(crlIssuer: string, freshest: CrlIndex, entry: RevokedEntry, numbers: Numbers): CrlOutcome {
  const reason = reasonName(entry.reason);
  return {
    ...common(crlIssuer, freshest, numbers),
    status: 'revoked',
    revocationTime: entry.revokedAt,
    ...(reason && { reason }),
  };
}
