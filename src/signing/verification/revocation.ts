// The REVOCATION check (ETSI EN 319 102-1 §5.2.6 in a simple form): the signer certificate and,
// per policy.caRevocation, every CA certificate of its path below the trust anchor, each against
// the OCSP responder or CRL of its own issuer. Sources, first usable answer wins: OCSP responses
// and CRLs embedded in the CMS (SignedData.crls, revocationValues), evidence the caller supplied,
// then (unless the policy turns it off, and only for a path to a trust anchor) OCSP at the
// certificate's AIA address and the CRL at its distribution point, completed by the delta CRL of
// its Freshest CRL address. An answer is usable when it is authentic, about this certificate and
// current; 'unknown', forged, stale or unreachable answers are listed in the evidence and the
// next source is tried.
//
// Outcome (see README): signer revoked at or before the validation time (or a valid time-stamp's
// genTime, poeTime) -> TOTAL_FAILED / REVOKED (no REVOKED_NO_POE split); a CA revoked then ->
// INDETERMINATE / REVOKED_CA_NO_POE; revoked later -> good at that time; no usable answer ->
// TRY_LATER under 'require' and 'prefer' (never TOTAL_PASSED with an unknown status), a warning
// only under the internal 'if-available' (the evidence upgrader's pre-check).

import { CrlIndex } from '../revocation/crl-index';
import { CertificateInfo, namesEqual } from './certificates';
import { buildPath, isSignedBy, PathResult } from './chain';
import type { ParsedCms } from './cms-parser';
import { checkCrl, crlIssuedBy, CrlOutcome, parseCrl, selectDelta } from './crl';
import { buildOcspRequest, checkOcspResponse, newNonce, OcspOutcome } from './ocsp';
import type { RevocationMode, RevocationPolicy, VerificationPolicy } from './policy';
import { ChainRevocationEntry, Check, failed, notChecked, passed, warning } from './report';
import {
  crlUrls,
  CRL_FAILURE_TTL_MS,
  CRL_MAX_TTL_MS,
  defaultRevocationCache,
  OCSP_FAILURE_TTL_MS,
  freshestCrlUrls,
  nodeFetcher,
  OCSP_MAX_TTL_MS,
  ocspUrls,
  RevocationCache,
  RevocationFetcher,
  ttlUntil,
} from './revocation-fetcher';
import { errorText, Evidence, gatherEvidence, Item } from './revocation-evidence';
import { formatName } from './signer-identity';

// Tolerated clock difference with responders and CRL issuers.
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type RevocationSource = 'embedded' | 'supplied' | 'ocsp-online' | 'crl-online';

export interface RevocationContext {
  readonly cert: CertificateInfo;
  readonly anchors: readonly CertificateInfo[];
  readonly candidates: readonly CertificateInfo[];
  // The path the CERTIFICATE_CHAIN check found (validateChain), so that the certificates asked
  // about are the ones validated; built here only when absent (callers outside checkSigner).
  readonly path?: PathResult;
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

// One certificate whose status is asked, with the CA that issued it. trusted: the issuer is on a
// path to a trust anchor, the condition for contacting the addresses in the certificate (an
// attacker-made chain must not make us send requests to its URLs).
interface Target {
  readonly cert: CertificateInfo;
  readonly issuer: CertificateInfo;
  readonly trusted: boolean;
}

// The signer's path when it reaches an anchor: the signer's issuer, and every CA below the anchor
// with its own issuer (pathToAnchor). Otherwise any known certificate whose key verifies the
// signer's signature issues it (untrusted: evidence only, no requests), and the CAs' status is
// unknown (pathToAnchor false): under caRevocation 'require' that is TRY_LATER, never a silently
// empty list of CAs.
function targetsOf(ctx: RevocationContext): { signer?: Target; cas: readonly Target[]; pathToAnchor: boolean } {
  const { cert } = ctx;
  const path =
    ctx.path ??
    buildPath(cert, {
      anchors: ctx.anchors,
      candidates: ctx.candidates,
      validationTime: ctx.validationTime,
      maxLength: ctx.policy.maxChainLength,
    });
  if (path.found && path.path.length > 1) {
    const cas = path.path.slice(1, -1).map((ca, i) => ({ cert: ca, issuer: path.path[i + 2], trusted: true }));
    return { signer: { cert, issuer: path.path[1], trusted: true }, cas, pathToAnchor: true };
  }
  const issuer = [...ctx.anchors, ...ctx.candidates].find(
    (c) => c.sha256 !== cert.sha256 && namesEqual(c.certificate.subject, cert.certificate.issuer) && isSignedBy(cert, c).ok,
  );
  // A signer that is itself a trust anchor has no CA on its path to ask about.
  return { ...(issuer && { signer: { cert, issuer, trusted: false } }), cas: [], pathToAnchor: path.found };
}

export function findIssuer(ctx: RevocationContext): { issuer: CertificateInfo; trusted: boolean } | undefined {
  return targetsOf(ctx).signer;
}

const SOURCE_RANK: Readonly<Record<RevocationSource, number>> = { embedded: 0, supplied: 1, 'ocsp-online': 2, 'crl-online': 2 };

class Collector {
  readonly attempts: string[] = [];
  stale = false;

  constructor(
    private readonly ctx: RevocationContext,
    private readonly target: Target,
  ) {}

  ocsp(der: Uint8Array, source: RevocationSource, time: Date, nonce?: Uint8Array): Answer | undefined {
    const outcome = checkOcspResponse(der, {
      serialNumber: this.target.cert.serialNumber,
      issuer: this.target.issuer,
      time,
      skewMs: CLOCK_SKEW_MS,
      maxAgeMs: this.ctx.policy.revocationMaxAgeSeconds * 1000,
      certificateNotAfter: this.target.cert.notAfter,
      ...(nonce && { nonce }),
    });
    return this.accept(outcome, source, 'OCSP');
  }

  // A complete CRL is combined with the newest usable delta CRL of the same issuer and scope.
  crl(
    index: CrlIndex,
    source: RevocationSource,
    time: Date,
    deltas: readonly CrlIndex[],
    deltaSources: ReadonlyMap<CrlIndex, RevocationSource>,
  ): Answer | undefined {
    const { issuer } = this.target;
    let delta: CrlIndex | undefined;
    if (!index.isDelta && deltas.length && crlIssuedBy(index, issuer)) {
      const selected = selectDelta(index, deltas, issuer, time, CLOCK_SKEW_MS);
      for (const note of selected.notes) this.note(source, note);
      delta = selected.delta;
    }
    const options = {
      serialNumber: this.target.cert.serialNumber,
      certificate: this.target.cert,
      issuer,
      time,
      skewMs: CLOCK_SKEW_MS,
    };
    let outcome = checkCrl(index, { ...options, ...(delta && { delta }) });
    // An expired delta adds nothing: the complete CRL alone may still be current.
    if (delta && !outcome.ok && outcome.problem === 'STALE') {
      this.note(source, `delta CRL #${delta.crlNumber ?? '?'} not used: ${outcome.message}`);
      outcome = checkCrl(index, options);
    }
    const answer = this.accept(outcome, source, index.isDelta ? 'delta CRL' : 'CRL');
    // An embedded complete CRL completed by a supplied delta is supplied evidence (not B-LT).
    const deltaSource = delta && deltaSources.get(delta);
    return answer && deltaSource && SOURCE_RANK[deltaSource] > SOURCE_RANK[source] ? { ...answer, source: deltaSource } : answer;
  }

  note(source: RevocationSource, message: string): undefined {
    if (!this.attempts.includes(`${source}: ${message}`)) this.attempts.push(`${source}: ${message}`);
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

// OCSP answers and complete CRLs first; a delta CRL alone is asked last (it can only say "revoked").
function fromEvidence(
  c: Collector,
  items: readonly Item[],
  source: RevocationSource,
  time: Date,
  evidence: Evidence,
): Answer | undefined {
  const ordered = [
    ...items.filter((i) => !(i.kind === 'crl' && i.index.isDelta)),
    ...items.filter((i) => i.kind === 'crl' && i.index.isDelta),
  ];
  for (const item of ordered) {
    const answer =
      item.kind === 'ocsp'
        ? c.ocsp(item.der, source, time)
        : item.kind === 'crl'
          ? c.crl(item.index, source, time, evidence.deltas, evidence.deltaSources)
          : c.note(source, item.message);
    if (answer) return answer;
  }
  return undefined;
}

async function onlineOcsp(c: Collector, ctx: RevocationContext, target: Target): Promise<Answer | undefined> {
  const fetcher = ctx.fetcher ?? nodeFetcher;
  const cache = ctx.cache ?? defaultRevocationCache;
  const now = ctx.now?.() ?? new Date();
  const { cert, issuer } = target;
  const key = RevocationCache.ocspKey(issuer, cert.serialNumber);
  const cached = cache.ocsp.get(key, now.getTime());
  // The nonce was checked when the cached answer was fetched.
  const fromCache = cached && c.ocsp(cached, 'ocsp-online', now);
  if (fromCache) return fromCache;
  for (const url of ocspUrls(cert).slice(0, 2)) {
    const failure = cache.ocspFailures.get(url, now.getTime());
    if (failure) {
      c.note('ocsp-online', `${url} unreachable: ${failure} (failed recently, not retried yet)`);
      continue;
    }
    const nonce = newNonce();
    let der: Uint8Array;
    try {
      der = await fetcher.fetch(url, {
        method: 'POST',
        body: buildOcspRequest(cert.serialNumber, issuer, nonce),
        contentType: 'application/ocsp-request',
        timeoutMs: ctx.policy.revocationTimeoutMs,
      });
    } catch (error) {
      c.note('ocsp-online', `${url} unreachable: ${errorText(error)}`);
      cache.ocspFailures.set(url, errorText(error), now.getTime() + OCSP_FAILURE_TTL_MS);
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

// A CRL by URL, from the cache or the network; undefined (with a note) when it cannot be had.
async function fetchCrl(c: Collector, ctx: RevocationContext, url: string, now: Date): Promise<CrlIndex | undefined> {
  const fetcher = ctx.fetcher ?? nodeFetcher;
  const cache = ctx.cache ?? defaultRevocationCache;
  const cached = cache.crl.get(url, now.getTime());
  if (cached) return cached;
  // A CRL address that just failed (NCA's root CRL is often out of reach) is not asked again at
  // once: every verification would otherwise wait for the timeout.
  const failure = cache.crlFailures.get(url, now.getTime());
  if (failure) return c.note('crl-online', `${url} unreachable: ${failure} (failed recently, not retried yet)`);
  let problem: string;
  try {
    const parsed = parseCrl(await fetcher.fetch(url, { method: 'GET', timeoutMs: ctx.policy.revocationTimeoutMs }));
    if (parsed instanceof CrlIndex) {
      cache.crl.set(url, parsed, ttlUntil(parsed.nextUpdate, now.getTime(), CRL_MAX_TTL_MS));
      return parsed;
    }
    problem = parsed.message;
    c.note('crl-online', `${url}: ${problem}`);
  } catch (error) {
    problem = errorText(error);
    c.note('crl-online', `${url} unreachable: ${problem}`);
  }
  cache.crlFailures.set(url, problem, now.getTime() + CRL_FAILURE_TTL_MS);
  return undefined;
}

// The complete CRL at the certificate's distribution point, completed by the delta CRL at the
// Freshest CRL address of the certificate or of the CRL (RFC 5280 §5.2.6, kz-pki.md §3).
async function onlineCrl(c: Collector, ctx: RevocationContext, target: Target, evidence: Evidence): Promise<Answer | undefined> {
  const now = ctx.now?.() ?? new Date();
  for (const url of crlUrls(target.cert).slice(0, 2)) {
    const index = await fetchCrl(c, ctx, url, now);
    if (!index) continue;
    const deltas = [...evidence.deltas];
    if (!index.isDelta && crlIssuedBy(index, target.issuer)) {
      const deltaUrls = [...new Set([...freshestCrlUrls(target.cert), ...index.freshestCrlUrls])].slice(0, 2);
      for (const deltaUrl of deltaUrls) {
        const delta = await fetchCrl(c, ctx, deltaUrl, now);
        if (delta?.isDelta) {
          deltas.push(delta);
          break;
        }
        if (delta) c.note('crl-online', `${deltaUrl}: not a delta CRL`);
      }
    }
    const answer = c.crl(index, 'crl-online', now, deltas, evidence.deltaSources);
    if (answer) return answer;
  }
  return undefined;
}

interface StatusResult {
  readonly answer?: Answer;
  readonly attempts: string[];
  readonly stale: boolean;
}

async function statusOf(ctx: RevocationContext, target: Target, evidence: Evidence): Promise<StatusResult> {
  const { policy } = ctx;
  const c = new Collector(ctx, target);
  // Embedded and supplied evidence must speak for the time whose status matters: the proven
  // existence time when there is one (evidence captured at signing stays usable for years, the
  // point of CAdES-LT), else the validation time.
  const statusTime = ctx.poeTime ?? ctx.validationTime;
  let answer =
    fromEvidence(c, evidence.embedded, 'embedded', statusTime, evidence) ??
    fromEvidence(c, evidence.supplied, 'supplied', statusTime, evidence);
  const online = policy.revocationOnline && target.trusted;
  if (!answer && online) answer = (await onlineOcsp(c, ctx, target)) ?? (await onlineCrl(c, ctx, target, evidence));
  if (!answer && !online)
    c.attempts.push(
      policy.revocationOnline
        ? 'online: skipped, the certificate does not chain to a trust anchor'
        : 'online: OCSP/CRL fetching is off by policy',
    );
  return { ...(answer && { answer }), attempts: c.attempts, stale: c.stale };
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

const byWhom = (answer: Answer) => ('responder' in answer ? `OCSP responder ${answer.responder}` : `CRL of ${answer.crlIssuer}`);

function chainEntry(target: Target, result: StatusResult, statusTime: Date): ChainRevocationEntry {
  const { answer } = result;
  const base = {
    subject: formatName(target.cert.certificate.subject),
    serialNumber: target.cert.serialNumber,
    sha256: target.cert.sha256,
    ...(result.attempts.length && { attempts: result.attempts }),
  };
  if (!answer) return { ...base, status: 'unknown' };
  const revokedNow = answer.status === 'revoked' && answer.revocationTime !== undefined && answer.revocationTime <= statusTime;
  return {
    ...base,
    status: answer.status === 'revoked' ? (revokedNow ? 'revoked' : 'revokedLater') : 'good',
    source: answer.source,
    ...('responder' in answer
      ? { type: 'OCSP' as const, responder: answer.responder }
      : {
          type: 'CRL' as const,
          crlIssuer: answer.crlIssuer,
          ...(answer.crlNumber && { crlNumber: answer.crlNumber }),
          ...(answer.deltaCrlNumber && { deltaCrlNumber: answer.deltaCrlNumber }),
        }),
    thisUpdate: answer.thisUpdate.toISOString(),
    ...(answer.nextUpdate && { nextUpdate: answer.nextUpdate.toISOString() }),
    ...(answer.revocationTime && { revocationTime: answer.revocationTime.toISOString() }),
    ...(answer.reason && { reason: answer.reason }),
  };
}

// The signer certificate's verdict, as before CA certificates were checked.
function signerVerdict(ctx: RevocationContext, result: StatusResult, counts: Record<string, unknown>): Check {
  const { answer } = result;
  const attempts = result.attempts.length ? { attempts: result.attempts } : {};
  if (!answer) {
    const why = result.stale ? 'only stale revocation data (past nextUpdate or maximum age)' : 'no usable revocation data';
    return missing(ctx.policy.revocation, `revocation status unknown: ${why}`, { ...counts, ...attempts });
  }
  const evidence = { ...describe(answer), ...counts, ...attempts };
  const by = byWhom(answer);
  const statusTime = ctx.poeTime ?? ctx.validationTime;
  const when = ctx.poeTime ? 'time-stamp genTime' : 'validation time';
  if (answer.status === 'revoked' && answer.revocationTime && answer.revocationTime <= statusTime)
    return failed(
      'REVOCATION',
      'REVOKED',
      `signer certificate revoked at ${answer.revocationTime.toISOString()}${answer.reason ? ` (${answer.reason})` : ''}, ` +
        `not after the ${when} (${by}, ${answer.source})`,
      evidence,
    );
  if (answer.status === 'revoked')
    return passed('REVOCATION', `not revoked at the ${when} (revoked later; ${by}, ${answer.source})`, evidence);
  return passed('REVOCATION', `not revoked (${by}, ${answer.source})`, evidence);
}

// The signer's status could not be established: TRY_LATER ('require' and 'prefer' alike), or a
// non-blocking note under the internal 'if-available'.
export function missing(mode: RevocationMode, message: string, evidence?: Record<string, unknown>): Check {
  return mode === 'if-available'
    ? notChecked('REVOCATION', `${message}; accepted by policy "if-available"`, undefined, evidence)
    : notChecked('REVOCATION', message, 'TRY_LATER', evidence);
}

// Folds the CA results into the signer's verdict: a revoked signer stays REVOKED; a CA revoked at
// or before the time asked about gives REVOKED_CA_NO_POE (ETSI EN 319 102-1 §5.2.6: without a
// proof of existence before the CA's revocation); CAs without data follow policy.caRevocation.
// Ends the REVOCATION message of a check that passed with a CA's status unknown under 'prefer'
// (the REST/CLI report then warns at its top, verification-request.ts).
export const CA_REVOCATION_ACCEPTED = 'accepted by policy caRevocation "prefer"';

// noPath: the signer does not chain to a trust anchor, so which CAs to ask about is not known.
function withChain(signer: Check, chain: readonly ChainRevocationEntry[], mode: RevocationPolicy, noPath?: string): Check {
  if (chain.length === 0 && !noPath) return signer;
  const evidence = { ...signer.evidence, ...(chain.length > 0 && { chainRevocation: chain }) };
  const withEvidence: Check = { ...signer, evidence };
  if (signer.subIndication === 'REVOKED') return withEvidence;
  const revoked = chain.find((entry) => entry.status === 'revoked');
  if (revoked)
    return failed(
      'REVOCATION',
      'REVOKED_CA_NO_POE',
      `CA certificate ${revoked.subject} revoked at ${revoked.revocationTime ?? '?'}${revoked.reason ? ` (${revoked.reason})` : ''}` +
        ` (${revoked.type === 'OCSP' ? `OCSP responder ${revoked.responder ?? ''}` : `CRL of ${revoked.crlIssuer ?? ''}`}, ${revoked.source ?? ''})`,
      evidence,
    );
  const unknown = chain.filter((entry) => entry.status === 'unknown');
  if (unknown.length === 0 && !noPath) return withEvidence;
  const names = unknown.map((entry) => entry.subject).join('; ');
  const note = noPath ?? `revocation status of CA certificate(s) ${names} unknown`;
  if (mode === 'require')
    return signer.subIndication
      ? { ...withEvidence, message: `${signer.message}; ${note}` }
      : notChecked('REVOCATION', `${signer.message}; ${note}`, 'TRY_LATER', evidence);
  const accepted = `${signer.message}; ${note}, ${CA_REVOCATION_ACCEPTED}`;
  return signer.status === 'PASSED' ? warning('REVOCATION', accepted, evidence) : { ...withEvidence, message: accepted };
}

export async function checkRevocation(ctx: RevocationContext): Promise<Check> {
  const { cms, policy } = ctx;
  const counts = { crlsInCms: cms.crls.length, ocspResponsesInCms: cms.ocspResponses.length };
  if (policy.revocation === 'off') return notChecked('REVOCATION', 'revocation checking is off by policy', undefined, counts);

  const targets = targetsOf(ctx);
  if (!targets.signer)
    return missing(policy.revocation, 'the issuer of the signer certificate is unknown: revocation cannot be checked', counts);
  const evidence = gatherEvidence(ctx);
  const signer = signerVerdict(ctx, await statusOf(ctx, targets.signer, evidence), counts);
  // The internal 'if-available' pre-check takes missing CA data as it takes the signer's: a warning.
  const caMode = policy.revocation === 'if-available' && policy.caRevocation === 'require' ? 'prefer' : policy.caRevocation;
  if (caMode === 'off' || signer.subIndication === 'REVOKED') return signer;
  const statusTime = ctx.poeTime ?? ctx.validationTime;
  const chain: ChainRevocationEntry[] = [];
  for (const target of targets.cas) chain.push(chainEntry(target, await statusOf(ctx, target, evidence), statusTime));
  const noPath = targets.pathToAnchor ? undefined : 'revocation status of the CA certificates unknown: no path to a trust anchor';
  return withChain(signer, chain, caMode, noPath);
}
