import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../config/app-config';
import { createCadesBes } from '../test-pki/cades';
import { loadTestPki } from '../test-pki/manifest';
import { verifyCms } from '../verification/cms-verifier';
import { RevocationCache, RevocationFetcher } from '../verification/revocation-fetcher';
import { loadTestPkiRevocationData, testPkiRevocationFetcher } from './bundled-crls';
import { REPO_ROOT } from './trust-stores';

const DIR = path.join(REPO_ROOT, 'certs/test-pki');
const pki = loadTestPki(DIR);
const CONTENT = new Uint8Array(Buffer.from('issue 14: revocation out of the box'));

// Records what reaches the network side; answers nothing.
function recordingFallback(): RevocationFetcher & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    fetch(url) {
      seen.push(url);
      return Promise.reject(new Error('network: not in this test'));
    },
  };
}

describe('in-process revocation of the test PKI', () => {
  it('answers the CRL and CA certificate addresses of the manifest with the files, byte for byte', async () => {
    const fetcher = testPkiRevocationFetcher(loadTestPkiRevocationData(DIR), recordingFallback());
    for (const crl of pki.crls) {
      const body = await fetcher.fetch(crl.url, { method: 'GET', timeoutMs: 1000 });
      expect(Buffer.from(body).equals(readFileSync(path.join(DIR, `${crl.id}.crl`)))).toBe(true);
    }
    const nca = pki.get('rsa/nca');
    expect(Buffer.from(await fetcher.fetch(nca.url!, { method: 'GET', timeoutMs: 1000 })).equals(Buffer.from(nca.der))).toBe(true);
  });

  it('refuses OCSP and unknown paths at once, and hands every other address to the fallback', async () => {
    const fallback = recordingFallback();
    const fetcher = testPkiRevocationFetcher(loadTestPkiRevocationData(DIR), fallback);
    await expect(fetcher.fetch('http://127.0.0.1/ocsp/', { method: 'POST', body: new Uint8Array(4), timeoutMs: 1000 })).rejects.toThrow(
      /no in-process OCSP responder/,
    );
    await expect(fetcher.fetch('http://127.0.0.1/crl/unknown.crl', { method: 'GET', timeoutMs: 1000 })).rejects.toThrow(/404/);
    // End-entity certificates are not published (only CA certificates and CRLs are).
    await expect(fetcher.fetch('http://127.0.0.1/cps', { method: 'GET', timeoutMs: 1000 })).rejects.toThrow(/404/);
    await expect(fetcher.fetch('http://crl.pki.gov.kz/nca_rsa.crl', { method: 'GET', timeoutMs: 1000 })).rejects.toThrow(/network/);
    // Another port of the same host is another origin.
    await expect(fetcher.fetch('http://127.0.0.1:8080/crl/rsa-nca.crl', { method: 'GET', timeoutMs: 1000 })).rejects.toThrow(
      /network/,
    );
    expect(fallback.seen).toEqual(['http://crl.pki.gov.kz/nca_rsa.crl', 'http://127.0.0.1:8080/crl/rsa-nca.crl']);
  });

  // RFC 5280 §6.3: the CRL of the issuing CA decides; the verifier checks it like any CRL.
  it.each(['rsa', 'gost2015', 'gost2004'])('%s: a revoked key is REVOKED and a good one passes, both checked by CRL', async (h) => {
    const fetcher = testPkiRevocationFetcher(loadTestPkiRevocationData(DIR), recordingFallback());
    const verify = async (id: string) =>
      verifyCms({
        cms: await createCadesBes(pki.get(id), CONTENT, { detached: true }),
        data: CONTENT,
        // The root as the only anchor, so that the issuing CA's own status is checked too.
        trustAnchors: [pki.get(`${h}/root-ca`).der],
        certificates: [pki.get(`${h}/nca`).der],
        policy: { revocation: 'require', caRevocation: 'require' },
        revocationFetcher: fetcher,
        revocationCache: new RevocationCache(),
      });
    const revoked = await verify(`${h}/ceo-sign-revoked`);
    expect(revoked).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(revoked.signers[0].revocation).toMatchObject({ status: 'revoked', type: 'CRL', source: 'crl-online' });
    const good = await verify(`${h}/ceo-sign`);
    expect(good.indication).toBe('TOTAL_PASSED');
    expect(good.signers[0].revocation).toMatchObject({ status: 'good', type: 'CRL', source: 'crl-online' });
    // The issuing CA's own status comes from the root's CRL.
    expect(good.signers[0].chainRevocation).toEqual([expect.objectContaining({ status: 'good', type: 'CRL' })]);
  });

  it('is on outside production when the test PKI is trusted, and never in production', () => {
    const base = { DATA_DIR: '/tmp/edo-config-spec' };
    expect(loadConfig(base).verification.testPkiRevocation).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).verification.testPkiRevocation).toBe(true);
    expect(loadConfig({ ...base, TRUST_STORES: 'nca-test' }).verification.testPkiRevocation).toBe(false);
    const production = loadConfig({
      ...base,
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u@db/edo',
      OPERATOR_TOKEN: 'x'.repeat(32),
      WEBHOOK_SECRET_KEY: 'a'.repeat(64),
    });
    expect(production.verification.testPkiRevocation).toBe(false);
  });

  it('the signatures the service accepts require a known revocation status by default, in every mode', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/edo-config-spec' }).signatureAuth.revocation).toBe('require');
  });
});
