// The validation data of a B-LT upgrade fetched online (see signature-upgrader.ts): for every
// certificate of the signers' and TSAs' paths, an OCSP response from its issuer's responder, or
// its issuer's CRL (with the delta CRL) where it names no OCSP address; one answer per
// (certificate, issuer) for the whole upgrade.

import * as pkijs from 'pkijs';
import { CertificateInfo } from '../verification/certificates';
import { checkCrl, parseCrl, selectDelta } from '../verification/crl';
import { checkOcspResponse, newNonce, buildOcspRequest } from '../verification/ocsp';
import { DEFAULT_POLICY } from '../verification/policy';
import { CLOCK_SKEW_MS } from '../verification/revocation';
import { crlUrls, freshestCrlUrls, ocspUrls, RevocationFetcher } from '../verification/revocation-fetcher';
import { formatName } from '../verification/signer-identity';
import type { CapturedRevocation } from './signature-upgrader';

function basicOcspOf(der: Uint8Array): Uint8Array {
  const response = pkijs.OCSPResponse.fromBER(der);
  const basic = response.responseBytes?.response.valueBlock.valueHexView;
  if (!basic) throw new Error('OCSP response without responseBytes');
  return new Uint8Array(basic);
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface Capture {
  readonly ocsp: Uint8Array[];
  readonly crls: Uint8Array[];
  readonly captured: CapturedRevocation[];
  readonly problems: string[];
}

export class ValidationDataCollector {
  // One answer per (certificate, issuer) for the whole upgrade: signers and TSAs share CAs.
  private readonly done = new Map<string, Promise<Capture>>();

  constructor(
    private readonly fetcher: RevocationFetcher,
    private readonly timeoutMs: number,
    private readonly now: Date,
  ) {}

  statusOf(cert: CertificateInfo, issuer: CertificateInfo): Promise<Capture> {
    const key = `${cert.sha256}:${issuer.sha256}`;
    let capture = this.done.get(key);
    if (!capture) {
      capture = this.fetchStatus(cert, issuer);
      this.done.set(key, capture);
    }
    return capture;
  }

  // OCSP at the AIA address first; the CRL (with its delta) when there is no usable OCSP answer.
  private async fetchStatus(cert: CertificateInfo, issuer: CertificateInfo): Promise<Capture> {
    const subject = formatName(cert.certificate.subject);
    const result: Capture = { ocsp: [], crls: [], captured: [], problems: [] };
    const record = (type: 'OCSP' | 'CRL', status: 'good' | 'revoked', url: string, thisUpdate: Date) =>
      result.captured.push({ subject, serialNumber: cert.serialNumber, type, status, url, thisUpdate: thisUpdate.toISOString() });
    for (const url of ocspUrls(cert)) {
      try {
        const nonce = newNonce();
        const der = await this.fetcher.fetch(url, {
          method: 'POST',
          body: buildOcspRequest(cert.serialNumber, issuer, nonce),
          contentType: 'application/ocsp-request',
          timeoutMs: this.timeoutMs,
        });
        const outcome = checkOcspResponse(der, {
          serialNumber: cert.serialNumber,
          issuer,
          time: this.now,
          nonce,
          skewMs: CLOCK_SKEW_MS,
          maxAgeMs: DEFAULT_POLICY.revocationMaxAgeSeconds * 1000,
          certificateNotAfter: cert.notAfter,
        });
        if (!outcome.ok) result.problems.push(`${subject}: OCSP ${url}: ${outcome.message}`);
        else if (outcome.status === 'unknown') result.problems.push(`${subject}: OCSP ${url} answered unknown`);
        else {
          result.ocsp.push(basicOcspOf(der));
          record('OCSP', outcome.status, url, outcome.thisUpdate);
          return result;
        }
      } catch (error) {
        result.problems.push(`${subject}: OCSP ${url}: ${errorText(error)}`);
      }
    }
    for (const url of crlUrls(cert)) {
      try {
        const der = await this.fetcher.fetch(url, { method: 'GET', timeoutMs: this.timeoutMs });
        const full = parseCrl(der);
        if ('ok' in full) {
          result.problems.push(`${subject}: CRL ${url}: ${full.message}`);
          continue;
        }
        const deltas = await this.deltas(cert, url, result.problems);
        const { delta } = selectDelta(
          full,
          deltas.map((d) => d.index),
          issuer,
          this.now,
          CLOCK_SKEW_MS,
        );
        const outcome = checkCrl(full, {
          serialNumber: cert.serialNumber,
          issuer,
          time: this.now,
          skewMs: CLOCK_SKEW_MS,
          certificate: cert,
          ...(delta && { delta }),
        });
        if (!outcome.ok) {
          result.problems.push(`${subject}: CRL ${url}: ${outcome.message}`);
          continue;
        }
        result.crls.push(der, ...deltas.filter((d) => d.index === delta).map((d) => d.der));
        record('CRL', outcome.status, url, outcome.thisUpdate);
        return result;
      } catch (error) {
        result.problems.push(`${subject}: CRL ${url}: ${errorText(error)}`);
      }
    }
    if (ocspUrls(cert).length === 0 && crlUrls(cert).length === 0)
      result.problems.push(`${subject}: no OCSP or CRL address in the certificate`);
    return result;
  }

  private async deltas(cert: CertificateInfo, fullUrl: string, problems: string[]) {
    const found: { der: Uint8Array; index: Exclude<ReturnType<typeof parseCrl>, { ok: false }> }[] = [];
    for (const url of freshestCrlUrls(cert).filter((u) => u !== fullUrl)) {
      try {
        const der = await this.fetcher.fetch(url, { method: 'GET', timeoutMs: this.timeoutMs });
        const index = parseCrl(der);
        if ('ok' in index) problems.push(`delta CRL ${url}: ${index.message}`);
        else found.push({ der, index });
      } catch (error) {
        // The complete CRL alone still answers.
        problems.push(`delta CRL ${url}: ${errorText(error)}`);
      }
    }
    return found;
  }
}
