// In-process infrastructure for the upgrade specs: the committed test PKI, its TSA and its OCSP /
// CRL responder behind one fetcher, so that nothing leaves the process.

import * as path from 'node:path';
import { loadTestPki, TestPki } from '../test-pki/manifest';
import { TestOcspResponder } from '../test-pki/test-ocsp-responder';
import { TestTsa } from '../test-pki/test-tsa';
import type { FetchRequest, RevocationFetcher } from '../verification/revocation-fetcher';

// Not the test PKI's origin: the TSA address is configuration, not something in a certificate.
export const TEST_TSA_URL = 'http://tsa.edo.test/tsp/';

let pki: TestPki | undefined;
export const upgradeTestPki = (): TestPki => (pki ??= loadTestPki(path.resolve(__dirname, '../../../certs/test-pki')));

export interface InProcessServices {
  readonly tsa: TestTsa;
  readonly responder: TestOcspResponder;
  // Every request, "METHOD url", in order.
  readonly seen: string[];
  // Addresses that fail as if the host were down.
  readonly down: Set<string>;
  readonly fetcher: RevocationFetcher;
}

export function inProcessServices(): InProcessServices {
  const testPki = upgradeTestPki();
  const tsa = new TestTsa(testPki);
  const responder = new TestOcspResponder(testPki);
  const seen: string[] = [];
  const down = new Set<string>();
  const pkiOrigin = new URL(testPki.manifest.baseUrl).origin;
  const fetcher: RevocationFetcher = {
    async fetch(url: string, request: FetchRequest) {
      seen.push(`${request.method} ${url}`);
      const target = new URL(url);
      if (down.has(url) || down.has(target.origin)) throw new Error('connect ECONNREFUSED');
      const handler = url === TEST_TSA_URL ? tsa.handle : target.origin === pkiOrigin ? responder.handle : undefined;
      if (!handler) throw new Error(`not an in-process address: ${url}`);
      const answer = await handler({
        method: request.method,
        path: target.pathname,
        contentType: request.contentType,
        body: request.body ?? new Uint8Array(),
      });
      if (!answer || answer.status !== 200) throw new Error(`HTTP ${answer?.status ?? 404}`);
      return typeof answer.body === 'string' ? new Uint8Array(Buffer.from(answer.body)) : answer.body;
    },
  };
  return { tsa, responder, seen, down, fetcher };
}

// A fetcher that records and refuses: proves a verification was decided offline.
export function refusingFetcher(seen: string[]): RevocationFetcher {
  return {
    fetch(url: string, request: FetchRequest) {
      seen.push(`${request.method} ${url}`);
      return Promise.reject(new Error('no network here'));
    },
  };
}
