// wss:// with the generated localhost certificate, as a browser would connect, and the CLI end to end.

import { spawn } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WebSocket } from 'ws';
import { loadTestPki } from '../../signing/test-pki/manifest';
import { verifyCms } from '../../signing/verification/cms-verifier';
import { NcaLayerClient } from '../../../web/src/ncalayer/client/ncalayer-client';
import { EmulatorConfig } from './emulator-config';
import { NcaLayerEmulator } from './emulator-server';
import { ensureLocalhostCertificate, LocalhostCertificate, trustInstructions } from './localhost-cert';

const REPO = path.resolve(__dirname, '../../..');
const PKI_DIR = path.join(REPO, 'certs/test-pki');
const config: EmulatorConfig = {
  testPkiDir: PKI_DIR,
  version: '1.4',
  chainCheck: false,
  storages: { PKCS12: ['gost2015/ceo-sign'] },
};

let dir: string;
let certificate: LocalhostCertificate;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ncalayer-tls-'));
  certificate = ensureLocalhostCertificate(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('localhost certificate', () => {
  it('is a server certificate for 127.0.0.1, ::1 and localhost, written with a private key file', () => {
    expect(certificate.reused).toBe(false);
    const x509 = new X509Certificate(certificate.cert);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBeDefined();
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(x509.ca).toBe(false);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    expect(x509.checkPrivateKey(createPrivateKey(certificate.key))).toBe(true);
    if (process.platform !== 'win32') expect(statSync(certificate.keyFile).mode & 0o077).toBe(0);
    expect(trustInstructions(certificate, 13579)).toMatch(/open https:\/\/127\.0\.0\.1:13579/);
  });

  it('is reused while valid (the browser exception survives restarts) and replaced when unusable', () => {
    const again = ensureLocalhostCertificate(dir);
    expect(again).toMatchObject({ reused: true, cert: certificate.cert });
    const other = mkdtempSync(path.join(tmpdir(), 'ncalayer-tls-bad-'));
    try {
      writeFileSync(path.join(other, 'localhost.crt'), 'garbage');
      writeFileSync(path.join(other, 'localhost.key.pem'), 'garbage');
      const fresh = ensureLocalhostCertificate(other);
      expect(fresh.reused).toBe(false);
      expect(() => new X509Certificate(fresh.cert)).not.toThrow();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    // Close to expiry counts as unusable.
    const later = ensureLocalhostCertificate(dir, new Date(Date.now() + 365 * 24 * 3600 * 1000));
    expect(later.reused).toBe(false);
  });
});

describe('emulator over TLS', () => {
  let emulator: NcaLayerEmulator;
  let url: string;

  beforeAll(async () => {
    emulator = new NcaLayerEmulator({ pki: loadTestPki(PKI_DIR), config, port: 0, tls: certificate });
    ({ url } = await emulator.start());
  });

  afterAll(() => emulator.close());

  it('a client that trusts the certificate signs over wss://', async () => {
    const ca = certificate.cert;
    // What the browser does after the user accepted the certificate.
    class TrustingWebSocket extends WebSocket {
      constructor(address: string) {
        super(address, { ca });
      }
    }
    expect(url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const client = new NcaLayerClient({ url, WebSocket: TrustingWebSocket });
    try {
      const cms = await client.sign({ data: 'TLS', timestamp: false });
      const pki = loadTestPki(PKI_DIR);
      const report = await verifyCms({
        cms,
        trustAnchors: [pki.get('gost2015/root-ca').der],
        certificates: [pki.get('gost2015/nca').der],
        policy: { revocation: 'off' },
      });
      expect(report.indication).toBe('TOTAL_PASSED');
      expect(report.signers[0].signer?.bin).toBe('150140001239');
    } finally {
      client.close();
    }
  });

  it('an untrusted certificate looks like NCALayer not running, as in a browser', async () => {
    const client = new NcaLayerClient({ url, WebSocket, locale: 'en' });
    await expect(client.connect()).rejects.toMatchObject({ code: 'NCALAYER_NOT_RUNNING' });
  });

  it('https://127.0.0.1:<port> serves the page the developer opens to accept the certificate', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(url.replace('wss:', 'https:'), { ca: certificate.cert }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).toMatch(/NCALayer emulator \(development only\)/);
  });
});

describe('npm run ncalayer:emulator', () => {
  it('starts (plain ws, port 0) with the example config, announces itself and stops on SIGTERM', async () => {
    expect(existsSync(path.join(REPO, 'ncalayer-emulator.example.json'))).toBe(true);
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        path.join(__dirname, 'emulator-cli.ts'),
        '--plain',
        '--port',
        '0',
        '--config',
        'ncalayer-emulator.example.json',
      ],
      { cwd: REPO, env: { ...process.env, NODE_ENV: 'development' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const listening = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 40 s:\n${output}`)), 40_000);
      child.stdout.on('data', () => {
        const match = /listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    try {
      expect(output).toMatch(/DEVELOPMENT ONLY/);
      const client = new NcaLayerClient({ url: listening, WebSocket });
      await expect(client.connect()).resolves.toBe('1.4');
      client.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
