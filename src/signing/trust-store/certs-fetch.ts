// Downloads pinned CA certificates (certs:fetch). A download counts only when the SHA-256 of its
// DER equals the pin committed in the repository: a wrong answer (captive portal, tampered mirror,
// a rotated certificate nobody reviewed yet) is reported and never written.

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CertificatePin, certificateDer, sha256Hex } from './pins';

// Resolves with the response body; rejects on a network error or a non-success status.
export type CertificateFetcher = (url: string) => Promise<Uint8Array>;

export interface FetchAttempt {
  readonly url: string;
  // Set when this URL did not give the pinned certificate.
  readonly error?: string;
}

export interface FetchOutcome {
  readonly pin: CertificatePin;
  // written: new or changed file; unchanged: the file on disk already was the pinned one.
  readonly status: 'written' | 'unchanged' | 'failed';
  readonly attempts: readonly FetchAttempt[];
}

const MAX_CERTIFICATE_BYTES = 256 * 1024;
const USER_AGENT = 'edo-kz certs:fetch';

// node's fetch. pki.gov.kz answers an empty User-Agent with a redirect to a captive portal
// (kz-pki.md §3.2), so one is always sent.
export function httpFetcher(timeoutMs = 30_000): CertificateFetcher {
  return async (url) => {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'user-agent': USER_AGENT },
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // undici hides the reason (DNS, refused, TLS) in `cause`.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
      );
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_CERTIFICATE_BYTES) throw new Error(`response of ${body.byteLength} bytes is not a CA certificate`);
    return body;
  };
}

// Same-directory temporary file + rename: readers see the old file or the new one, never half.
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function currentFile(file: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    return undefined;
  }
}

async function fetchOne(storeDir: string, pin: CertificatePin, fetcher: CertificateFetcher): Promise<FetchOutcome> {
  const attempts: FetchAttempt[] = [];
  for (const url of pin.urls) {
    let der: Uint8Array;
    try {
      der = certificateDer(await fetcher(url));
    } catch (error) {
      attempts.push({ url, error: `download failed: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const actual = sha256Hex(der);
    if (actual !== pin.sha256) {
      attempts.push({ url, error: `SHA-256 mismatch: got ${actual}, pinned ${pin.sha256} — refused, nothing written` });
      continue;
    }
    attempts.push({ url });
    const file = path.join(storeDir, pin.file);
    const existing = await currentFile(file);
    if (existing && sha256Hex(existing) === pin.sha256) return { pin, status: 'unchanged', attempts };
    await writeFileAtomic(file, der);
    return { pin, status: 'written', attempts };
  }
  return { pin, status: 'failed', attempts };
}

export async function fetchPinnedCertificates(
  storeDir: string,
  pins: readonly CertificatePin[],
  fetcher: CertificateFetcher,
): Promise<FetchOutcome[]> {
  const outcomes: FetchOutcome[] = [];
  // One at a time: a handful of small files, and a polite client for pki.gov.kz.
  for (const pin of pins) outcomes.push(await fetchOne(storeDir, pin, fetcher));
  return outcomes;
}
