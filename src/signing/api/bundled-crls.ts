// Revocation of the project's test PKI (certs/test-pki) answered in-process, so that a fresh
// clone (embedded mode) and the test configuration really check revocation: the test PKI's
// certificates name http://127.0.0.1/crl/... and /ocsp/ (port 80, where nothing listens), and
// without an answer every test-PKI signature would be refused with TRY_LATER (or, before issue 14,
// accepted unchecked). Outside production, when the test-pki trust store is trusted
// (AppConfig.verification.testPkiRevocation), AppModule binds this fetcher as REVOCATION_FETCHER:
//
// - GET of a CRL or CA certificate address listed in certs/test-pki/manifest.json answers with the
//   file loaded at boot (the complete CRLs list the revoked test certificates, nca-delta.crl is the
//   delta CRL; the verifier checks their signatures and freshness like any CRL);
// - a POST to the test PKI's OCSP address is refused at once: the OCSP responder needs the test
//   CAs' private keys, which stay out of the production build (src/signing/test-pki); the verifier
//   then falls back to the CRL, as it does when NCA's OCSP is down;
// - any other address goes to the fallback (node's fetch): NCA test or production certificates
//   are checked at their real OCSP/CRL addresses.
//
// REVOCATION_ONLINE=false still means no revocation fetching at all, in-process or not.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { nodeFetcher, RevocationFetcher } from '../verification/revocation-fetcher';
import { REPO_ROOT } from './trust-stores';

interface ManifestFile {
  readonly url?: unknown;
  readonly file?: unknown;
  readonly certificateFile?: unknown;
  readonly role?: unknown;
}

interface TestPkiManifest {
  readonly baseUrl?: unknown;
  readonly services?: { readonly ocsp?: unknown };
  readonly certificates?: readonly ManifestFile[];
  readonly crls?: readonly ManifestFile[];
}

export interface TestPkiRevocationData {
  // e.g. http://127.0.0.1
  readonly origin: string;
  // URL path -> DER (CRLs and CA certificates).
  readonly published: ReadonlyMap<string, Uint8Array>;
}

// Reads the manifest and the files it names; a missing or broken file fails the boot.
export function loadTestPkiRevocationData(dir = path.join(REPO_ROOT, 'certs/test-pki')): TestPkiRevocationData {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as TestPkiManifest;
  if (typeof manifest.baseUrl !== 'string') throw new Error(`${dir}/manifest.json has no baseUrl`);
  const origin = new URL(manifest.baseUrl).origin;
  const published = new Map<string, Uint8Array>();
  const add = (url: unknown, file: unknown) => {
    if (typeof url !== 'string' || typeof file !== 'string') return;
    const target = new URL(url);
    if (target.origin !== origin) return;
    published.set(target.pathname, new Uint8Array(readFileSync(path.join(dir, file))));
  };
  for (const crl of manifest.crls ?? []) add(crl.url, crl.file);
  for (const cert of manifest.certificates ?? [])
    if (cert.role === 'root-ca' || cert.role === 'issuing-ca') add(cert.url, cert.certificateFile);
  return { origin, published };
}

export function testPkiRevocationFetcher(
  data: TestPkiRevocationData = loadTestPkiRevocationData(),
  fallback: RevocationFetcher = nodeFetcher,
): RevocationFetcher {
  return {
    fetch(url, request) {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return fallback.fetch(url, request);
      }
      if (target.origin !== data.origin) return fallback.fetch(url, request);
      if (request.method === 'POST')
        return Promise.reject(new Error('test PKI: no in-process OCSP responder (its CRLs answer)'));
      const body = data.published.get(target.pathname);
      return body ? Promise.resolve(body) : Promise.reject(new Error('HTTP 404 (not published by the test PKI)'));
    },
  };
}
