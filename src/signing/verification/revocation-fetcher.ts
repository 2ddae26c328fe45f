// Network side of revocation checking: the fetcher (injectable, so tests talk to the in-process
// test responder and production uses node's fetch), the AIA / CRL-DP address extraction, and
// the caches that keep the verifier from asking NCA again for every document.

import * as pkijs from 'pkijs';
import type { CrlIndex } from '../revocation/crl-index';
import type { CertificateInfo } from './certificates';

export interface FetchRequest {
  readonly method: 'GET' | 'POST';
  readonly body?: Uint8Array;
  readonly contentType?: string;
  readonly timeoutMs: number;
}

// Resolves to the body of a 2xx answer; rejects on anything else (status, timeout, network).
export interface RevocationFetcher {
  fetch(url: string, request: FetchRequest): Promise<Uint8Array>;
}

// Responses larger than this are refused: the NCA GOST CRL is ~20 MB.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export const nodeFetcher: RevocationFetcher = {
  async fetch(url, request) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        ...(request.body && { body: Buffer.from(request.body) }),
        headers: request.contentType ? { 'content-type': request.contentType } : {},
        signal: AbortSignal.timeout(request.timeoutMs),
        redirect: 'follow',
      });
    } catch (error) {
      // undici says only "fetch failed"; the cause (ENOTFOUND, ECONNREFUSED...) is what helps.
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const detail = cause?.code ?? cause?.message;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(typeof detail === 'string' ? `${message} (${detail})` : message);
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) throw new Error(`response too large (${length} bytes)`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_BODY_BYTES) throw new Error('response too large');
    return body;
  },
};

const AIA_OID = '1.3.6.1.5.5.7.1.1';
const AIA_OCSP = '1.3.6.1.5.5.7.48.1';
const CRL_DP_OID = '2.5.29.31';
const FRESHEST_CRL_OID = '2.5.29.46';

// Only http(s): RFC 5280 also allows ldap, which NCA does not use.
const isHttp = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//i.test(value);

export function ocspUrls(cert: CertificateInfo): string[] {
  const aia = cert.certificate.extensions?.find((e) => e.extnID === AIA_OID)?.parsedValue;
  if (!(aia instanceof pkijs.InfoAccess)) return [];
  return aia.accessDescriptions
    .filter((d) => d.accessMethod === AIA_OCSP && d.accessLocation.type === 6)
    .map((d) => d.accessLocation.value as unknown)
    .filter(isHttp);
}

export function crlUrls(cert: CertificateInfo): string[] {
  return distributionPointUrls(cert, CRL_DP_OID);
}

// Delta CRL addresses (Freshest CRL extension, RFC 5280 §4.2.1.15); NCA's end-entity
// certificates carry one (kz-pki.md §3).
export function freshestCrlUrls(cert: CertificateInfo): string[] {
  return distributionPointUrls(cert, FRESHEST_CRL_OID);
}

function distributionPointUrls(cert: CertificateInfo, oid: string): string[] {
  const dp = cert.certificate.extensions?.find((e) => e.extnID === oid)?.parsedValue;
  if (!(dp instanceof pkijs.CRLDistributionPoints)) return [];
  const urls: string[] = [];
  for (const point of dp.distributionPoints) {
    const names = point.distributionPoint;
    if (!Array.isArray(names)) continue;
    for (const name of names) if (name.type === 6 && isHttp(name.value)) urls.push(name.value);
  }
  return urls;
}

interface Entry<V> {
  readonly value: V;
  readonly expires: number;
}

// Small TTL map with an entry bound; expired entries are dropped on read.
class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  constructor(private readonly limit: number) {}

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, expires: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires });
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

// OCSP answers are kept until nextUpdate but never longer than OCSP_MAX_TTL (NCA sends no
// nextUpdate, and a revocation must show up quickly); CRL indexes per URL until nextUpdate.
export const OCSP_MAX_TTL_MS = 5 * 60 * 1000;
export const CRL_MAX_TTL_MS = 24 * 60 * 60 * 1000;
// A CRL address that failed is retried after this long.
export const CRL_FAILURE_TTL_MS = 60 * 1000;
// An OCSP responder that could not be reached is asked again after this long.
export const OCSP_FAILURE_TTL_MS = 60 * 1000;

export class RevocationCache {
  // key: issuer SHA-256 + serial -> validated OCSPResponse DER.
  readonly ocsp = new TtlCache<Uint8Array>(10_000);
  // key: URL -> parsed CRL.
  readonly crl = new TtlCache<CrlIndex>(32);
  // key: URL -> why the last fetch failed (kept CRL_FAILURE_TTL_MS).
  readonly crlFailures = new TtlCache<string>(256);
  // key: OCSP responder URL -> why it last could not be reached (kept OCSP_FAILURE_TTL_MS): a
  // responder that is down is not asked again for every certificate of every verification (each
  // attempt builds a request and waits for its failure) before the CRL answers.
  readonly ocspFailures = new TtlCache<string>(256);

  static ocspKey(issuer: CertificateInfo, serialNumber: string): string {
    return `${issuer.sha256}:${serialNumber}`;
  }

  clear(): void {
    this.ocsp.clear();
    this.crl.clear();
    this.crlFailures.clear();
    this.ocspFailures.clear();
  }
}

export const defaultRevocationCache = new RevocationCache();

export function ttlUntil(nextUpdate: Date | undefined, now: number, maxTtl: number): number {
  return Math.min(nextUpdate ? nextUpdate.getTime() : now + maxTtl, now + maxTtl);
}
