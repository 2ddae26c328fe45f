// The REVOCATION check of the signer certificate (ETSI EN 319 102-1 §5.2.6 in its simplest form).
// Sources, first usable answer wins: OCSP responses and CRLs embedded in the CMS, evidence the
// caller supplied, then (unless the policy turns it off) OCSP at the certificate's AIA address
// and the CRL at its distribution point. An answer is usable when it is authentic, about this
// certificate and current; 'unknown', forged, stale or unreachable answers are listed in the
// evidence and the next source is tried.
//
// Outcome (kept simple, see README): revoked at or before the validation time (or a valid
// time-stamp's genTime, poeTime) -> TOTAL_FAILED / REVOKED (no REVOKED_NO_POE split); revoked
// later -> good at that time; no usable answer -> TRY_LATER under 'require', a warning under
// 'prefer'.

import * as asn1js from 'asn1js';
import { CrlIndex } from '../revocation/crl-index';
import { CertificateInfo, namesEqual } from './certificates';
import { buildPath, isSignedBy } from './chain';
import type { ParsedCms } from './cms-parser';
import { checkCrl, CrlOutcome, parseCrl } from './crl';
import { buildOcspRequest, checkOcspResponse, newNonce, OcspOutcome } from './ocsp';
import type { VerificationPolicy } from './policy';
import { Check, failed, notChecked, passed } from './report';
import {
  crlUrls,
  CRL_MAX_TTL_MS,
  defaultRevocationCache,
  nodeFetcher,
  OCSP_MAX_TTL_MS,
  ocspUrls,
  RevocationCache,
  RevocationFetcher,
  ttlUntil,
} from './revocation-fetcher';

// Tolerated clock difference with responders and CRL issuers.
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type RevocationSource = 'embedded' | 'supplied' | 'ocsp-online' | 'crl-online';

export interface RevocationContext {
  readonly cert: CertificateInfo;
  readonly anchors: readonly CertificateInfo[];
  readonly candidates: readonly CertificateInfo[];
  readonly cms: ParsedCms;
  readonly supplied: readonly Uint8Array[];
  readonly policy: VerificationPolicy;
  // Freshness of the evidence is judged at validationTime; the status is asked for poeTime
  // (default validationTime): a time-stamp's genTime, so a revocation after it does not count.
  readonly validationTime: Date;
  readonly poeTime?: Date;
  readonly fetcher?: RevocationFetcher;
  readonly cache?: RevocationCache;
  // Injectable clock for the online sources (their answers are about "now").
  readonly now?: () => Date;
}

type Answer = (Extract<OcspOutcome, { ok: true }> | Extract<CrlOutcome, { ok: true }>) & { readonly source: RevocationSource };

// The CA that issued the certificate: from the validated path when there is one, otherwise any
// known certificate whose key verifies the certificate's signature. trusted: the issuer is on a
// path to a trust anchor, the condition for contacting the addresses in the certificate (an
// attacker-made chain must not make us send requests to its URLs).
export function findIssuer(ctx: RevocationContext): { issuer: CertificateInfo; trusted: boolean } | undefined {
  const { cert } = ctx;
  const path = buildPath(cert, {
    anchors: ctx.anchors,
    candidates: ctx.candidates,
    validationTime: ctx.validationTime,
    maxLength: ctx.policy.maxChainLength,
  });
  if (path.found && path.path.length > 1) return { issuer: path.path[1], trusted: true };
  const issuer = [...ctx.anchors, ...ctx.candidates].find(
    (c) => c.sha256 !== cert.sha256 && namesEqual(c.certificate.subject, cert.certificate.issuer) && isSignedBy(cert, c).ok,
  );
  return issuer && { issuer, trusted: false };
}

// OCSPResponse starts with an ENUMERATED, a CertificateList with a SEQUENCE.
function isOcsp(der: Uint8Array): boolean {
  const first = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock?.value?.[0];
  return first instanceof asn1js.Enumerated;
}

class Collector {
  readonly attempts: string[] = [];
  stale = false;

  constructor(
    private readonly ctx: RevocationContext,
    private readonly issuer: CertificateInfo,
  ) {}

  ocsp(der: Uint8Array, source: RevocationSource, time: Date, nonce?: Uint8Array): Answer | undefined {
    const outcome = checkOcspResponse(der, {
      serialNumber: this.ctx.cert.serialNumber,
      issuer: this.issuer,
      time,
      skewMs: CLOCK_SKEW_MS,
      maxAgeMs: this.ctx.policy.revocationMaxAgeSeconds * 1000,
      ...(nonce && { nonce }),
    });
    return this.accept(outcome, source, 'OCSP');
  }

  crl(index: CrlIndex, source: RevocationSource, time: Date): Answer | undefined {
    const outcome = checkCrl(index, {
      serialNumber: this.ctx.cert.serialNumber,
      issuer: this.issuer,
      time,
      skewMs: CLOCK_SKEW_MS,
    });
    return this.accept(outcome, source, 'CRL');
  }

  note(source: RevocationSource, message: string): undefined {
    this.attempts.push(`${source}: ${message}`);
    return undefined;
  }

  private accept(outcome: OcspOutcome | CrlOutcome, source: RevocationSource, kind: string): Answer | undefined {
    if (!outcome.ok) {
      if (outcome.problem === 'STALE') this.stale = true;
      // Evidence about other certificates is normal in a CMS, not worth a line.
      if (outcome.problem === 'NO_MATCH' && source === 'embedded') return undefined;
      return this.note(source, `${kind} rejected: ${outcome.message}`);
    }
    if (outcome.status === 'unknown')
      return this.note(source, `OCSP responder ${'responder' in outcome ? outcome.responder : ''} says unknown`);
    return { ...outcome, source };
  }
}

function fromEvidence(c: Collector, ders: readonly Uint8Array[], source: RevocationSource, time: Date): Answer | undefined {
  for (const der of ders) {
    let answer: Answer | undefined;
    try {
      if (isOcsp(der)) answer = c.ocsp(der, source, time);
      else {
        const index = parseCrl(der);
        answer = index instanceof CrlIndex ? c.crl(index, source, time) : c.note(source, index.message);
      }
    } catch (error) {
      c.note(source, `unreadable revocation evidence: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (answer) return answer;
  }
  return undefined;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function onlineOcsp(c: Collector, ctx: RevocationContext, issuer: CertificateInfo): Promise<Answer | undefined> {
  const fetcher = ctx.fetcher ?? nodeFetcher;
  const cache = ctx.cache ?? defaultRevocationCache;
  const now = ctx.now?.() ?? new Date();
  const key = RevocationCache.ocspKey(issuer, ctx.cert.serialNumber);
  const cached = cache.ocsp.get(key, now.getTime());
  // The nonce was checked when the cached answer was fetched.
  const fromCache = cached && c.ocsp(cached, 'ocsp-online', now);
  if (fromCache) return fromCache;
  for (const url of ocspUrls(ctx.cert).slice(0, 2)) {
    const nonce = newNonce();
    let der: Uint8Array;
    try {
      der = await fetcher.fetch(url, {
        method: 'POST',
        body: buildOcspRequest(ctx.cert.serialNumber, issuer, nonce),
        contentType: 'application/ocsp-request',
        timeoutMs: ctx.policy.revocationTimeoutMs,
      });
    } catch (error) {
      c.note('ocsp-online', `${url} unreachable: ${errorText(error)}`);
      continue;
    }
    const answer = c.ocsp(der, 'ocsp-online', now, nonce);
    if (answer) {
      cache.ocsp.set(key, der, ttlUntil(answer.nextUpdate, now.getTime(), OCSP_MAX_TTL_MS));
      return answer;
    }
  }
  return undefined;
}

async function onlineCrl(c: Collector, ctx: RevocationContext): Promise<Answer | undefined> {
  const fetcher = ctx.fetcher ?? nodeFetcher;
  const cache = ctx.cache ?? defaultRevocationCache;
  const now = ctx.now?.() ?? new Date();
  for (const url of crlUrls(ctx.cert).slice(0, 2)) {
    let index = cache.crl.get(url, now.getTime());
    if (!index) {
      try {
        const parsed = parseCrl(await fetcher.fetch(url, { method: 'GET', timeoutMs: ctx.policy.revocationTimeoutMs }));
        if (!(parsed instanceof CrlIndex)) {
          c.note('crl-online', `${url}: ${parsed.message}`);
          continue;
        }
        index = parsed;
      } catch (error) {
        c.note('crl-online', `${url} unreachable: ${errorText(error)}`);
        continue;
      }
      cache.crl.set(url, index, ttlUntil(index.nextUpdate, now.getTime(), CRL_MAX_TTL_MS));
    }
    const answer = c.crl(index, 'crl-online', now);
    if (answer) return answer;
  }
  return undefined;
}

function describe(answer: Answer): Record<string, unknown> {
  const { ok: _ok, status, thisUpdate, nextUpdate, revocationTime, ...rest } = answer;
  const type = 'responder' in answer ? 'OCSP' : 'CRL';
  return {
    type,
    status,
    ...rest,
    thisUpdate: thisUpdate.toISOString(),
    ...(nextUpdate && { nextUpdate: nextUpdate.toISOString() }),
    ...(revocationTime && { revocationTime: revocationTime.toISOString() }),
    ...('producedAt' in rest && { producedAt: rest.producedAt.toISOString() }),
  };
}

export async function checkRevocation(ctx: RevocationContext): Promise<Check> {
  const { cms, policy, validationTime } = ctx;
  const counts = { crlsInCms: cms.crls.length, ocspResponsesInCms: cms.ocspResponses.length };
  if (policy.revocation === 'off') return notChecked('REVOCATION', 'revocation checking is off by policy', undefined, counts);
  const missing = (message: string, evidence: Record<string, unknown>) =>
    policy.revocation === 'require'
      ? notChecked('REVOCATION', message, 'TRY_LATER', evidence)
      : notChecked('REVOCATION', `${message}; accepted by policy "prefer"`, undefined, evidence);

  const found = findIssuer(ctx);
  if (!found) return missing('the issuer of the signer certificate is unknown: revocation cannot be checked', counts);
  const { issuer, trusted } = found;
  const c = new Collector(ctx, issuer);
  let answer =
    fromEvidence(c, [...cms.ocspResponses, ...cms.crls], 'embedded', validationTime) ??
    fromEvidence(c, ctx.supplied, 'supplied', validationTime);
  const online = policy.revocationOnline && trusted;
  if (!answer && online) answer = (await onlineOcsp(c, ctx, issuer)) ?? (await onlineCrl(c, ctx));
  if (!answer && !online)
    c.attempts.push(
      policy.revocationOnline
        ? 'online: skipped, the certificate does not chain to a trust anchor'
        : 'online: OCSP/CRL fetching is off by policy',
    );
  const attempts = c.attempts.length ? { attempts: c.attempts } : {};

  if (!answer) {
    const why = c.stale ? 'only stale revocation data (past nextUpdate or maximum age)' : 'no usable revocation data';
    return missing(`revocation status unknown: ${why}`, { ...counts, ...attempts });
  }
  const evidence = { ...describe(answer), ...counts, ...attempts };
  const by = 'responder' in answer ? `OCSP responder ${answer.responder}` : `CRL of ${answer.crlIssuer}`;
  const statusTime = ctx.poeTime ?? validationTime;
  if (answer.status === 'revoked' && answer.revocationTime && answer.revocationTime <= statusTime)
    return failed(
      'REVOCATION',
      'REVOKED',
      `signer certificate revoked at ${answer.revocationTime.toISOString()}${answer.reason ? ` (${answer.reason})` : ''}, ` +
        `not after the ${ctx.poeTime ? 'time-stamp genTime' : 'validation time'} (${by}, ${answer.source})`,
      evidence,
    );
  if (answer.status === 'revoked')
    return passed(
      'REVOCATION',
      `not revoked at the ${ctx.poeTime ? 'time-stamp genTime' : 'validation time'} (revoked later; ${by}, ${answer.source})`,
      evidence,
    );
  return passed('REVOCATION', `not revoked (${by}, ${answer.source})`, evidence);
}
