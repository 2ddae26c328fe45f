import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CertificateFetcher, fetchPinnedCertificates } from './certs-fetch';
import { DEFAULT_STORE_DIR, runCertsFetch } from './certs-fetch-cli';
import { CertificatePin, parsePins, sha256Hex } from './pins';

const ROOT_DER = new Uint8Array(readFileSync(path.join(DEFAULT_STORE_DIR, 'root_gost_2022.cer')));
const OTHER_DER = new Uint8Array(readFileSync(path.join(DEFAULT_STORE_DIR, 'nca_gost_2022.cer')));
const PRIMARY = 'https://pki.gov.kz/cert/root_gost_2022.cer';
const FALLBACK = 'https://root.gov.kz/cert/root_gost2015_2022.cer';

const pin: CertificatePin = {
  name: 'root_gost_2022',
  file: 'root_gost_2022.cer',
  urls: [PRIMARY, FALLBACK],
  sha256: sha256Hex(ROOT_DER),
};

// An in-memory pki.gov.kz: URL -> body, or an Error to throw; records what was asked.
function fakeFetcher(responses: Record<string, Uint8Array | Error>): CertificateFetcher & { calls: string[] } {
  const calls: string[] = [];
  const fetcher = (url: string) => {
    calls.push(url);
    const response = responses[url];
    if (response === undefined) return Promise.reject(new Error('HTTP 404'));
    return response instanceof Error ? Promise.reject(response) : Promise.resolve(response);
  };
  return Object.assign(fetcher, { calls });
}

const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'certs-fetch-'));

describe('fetchPinnedCertificates', () => {
  it('writes a certificate whose SHA-256 equals the pin (DER or PEM response)', async () => {
    const dir = emptyDir();
    const fetcher = fakeFetcher({ [PRIMARY]: ROOT_DER });
    const [outcome] = await fetchPinnedCertificates(dir, [pin], fetcher);
    expect(outcome.status).toBe('written');
    expect(fetcher.calls).toEqual([PRIMARY]);
    expect(sha256Hex(readFileSync(path.join(dir, pin.file)))).toBe(pin.sha256);
    // No temporary files left behind.
    expect(readdirSync(dir)).toEqual([pin.file]);

    const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(ROOT_DER).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
    const second = await fetchPinnedCertificates(dir, [pin], fakeFetcher({ [PRIMARY]: new TextEncoder().encode(pem) }));
    expect(second[0].status).toBe('unchanged');
  });

  it('refuses a mismatching certificate, writes nothing and keeps the existing file', async () => {
    const dir = emptyDir();
    const [outcome] = await fetchPinnedCertificates(dir, [pin], fakeFetcher({ [PRIMARY]: OTHER_DER, [FALLBACK]: OTHER_DER }));
    expect(outcome.status).toBe('failed');
    expect(outcome.attempts.map((a) => a.error)).toEqual([
      expect.stringMatching(/SHA-256 mismatch: got [0-9a-f]{64}, pinned/),
      expect.stringMatching(/SHA-256 mismatch/),
    ]);
    expect(readdirSync(dir)).toEqual([]);

    writeFileSync(path.join(dir, pin.file), ROOT_DER);
    await fetchPinnedCertificates(dir, [pin], fakeFetcher({ [PRIMARY]: OTHER_DER }));
    expect(sha256Hex(readFileSync(path.join(dir, pin.file)))).toBe(pin.sha256);
  });

  it('falls back to the alternative URL when the first fails or mismatches', async () => {
    for (const primary of [
      new Error('fetch failed (ENOTFOUND)'),
      OTHER_DER,
      new TextEncoder().encode('<html>captive portal</html>'),
    ]) {
      const dir = emptyDir();
      const fetcher = fakeFetcher({ [PRIMARY]: primary, [FALLBACK]: ROOT_DER });
      const [outcome] = await fetchPinnedCertificates(dir, [pin], fetcher);
      expect(outcome.status).toBe('written');
      expect(fetcher.calls).toEqual([PRIMARY, FALLBACK]);
      expect(outcome.attempts[0].error).toBeDefined();
      expect(outcome.attempts[1]).toEqual({ url: FALLBACK });
      expect(existsSync(path.join(dir, pin.file))).toBe(true);
    }
  });
});

describe('certs:fetch CLI', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('--check passes on the committed store without touching the network', async () => {
    const { out, io: sink } = io();
    const fetcher = fakeFetcher({});
    expect(await runCertsFetch(['--check'], sink, fetcher)).toBe(0);
    expect(fetcher.calls).toEqual([]);
    expect(out.every((line) => line.startsWith('ok'))).toBe(true);
  });

  it('--check reports missing and mismatching files; a fetch repairs them from the pins', async () => {
    const dir = emptyDir();
    copyFileSync(path.join(DEFAULT_STORE_DIR, 'pins.json'), path.join(dir, 'pins.json'));
    writeFileSync(path.join(dir, 'root_gost_2022.cer'), OTHER_DER);
    const check = io();
    expect(await runCertsFetch(['--check', '--dir', dir], check.io, fakeFetcher({}))).toBe(1);
    expect(check.err).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MISMATCH +root_gost_2022\.cer/),
        expect.stringMatching(/^MISSING +nca_rsa\.cer/),
      ]),
    );

    const pins = parsePins(readFileSync(path.join(dir, 'pins.json'), 'utf8'));
    const responses = Object.fromEntries(
      pins.map((p) => [p.urls[p.urls.length - 1], new Uint8Array(readFileSync(path.join(DEFAULT_STORE_DIR, p.file)))]),
    );
    const fetch = io();
    expect(await runCertsFetch(['--dir', dir], fetch.io, fakeFetcher(responses))).toBe(0);
    expect(await runCertsFetch(['--check', '--dir', dir], io().io, fakeFetcher({}))).toBe(0);
  });

  it('fails with a clear message on bad arguments or unreadable pins', async () => {
    const bad = io();
    expect(await runCertsFetch(['--frobnicate'], bad.io, fakeFetcher({}))).toBe(1);
    expect(bad.err[0]).toMatch(/unknown argument --frobnicate/);
    const noPins = io();
    expect(await runCertsFetch(['--check', '--dir', emptyDir()], noPins.io, fakeFetcher({}))).toBe(1);
    expect(noPins.err[0]).toMatch(/pins\.json: cannot read the pins/);
  });
});

describe('pins.json', () => {
  it('rejects malformed pins', () => {
    expect(() => parsePins('{')).toThrow(/not valid JSON/);
    expect(() =>
      parsePins('{"certificates":[{"name":"x","file":"../x.cer","urls":["https://a"],"sha256":"' + '0'.repeat(64) + '"}]}'),
    ).toThrow(/plain \.cer/);
    expect(() => parsePins('{"certificates":[{"name":"x","file":"x.cer","urls":["https://a"],"sha256":"ABC"}]}')).toThrow(
      /64 lower-case hex/,
    );
    expect(() => parsePins('{"certificates":[{"name":"x","file":"x.cer","urls":[],"sha256":"' + '0'.repeat(64) + '"}]}')).toThrow(
      /urls/,
    );
  });
});
