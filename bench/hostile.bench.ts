// Hostile input against the running service (issue 14 §4), with the service in its own process
// and this script as the client. Two service configurations in the same run, same machine:
//   pool   — as shipped: verification on worker threads (VERIFICATION_WORKERS default);
//   inline — VERIFICATION_WORKERS=0, verification on the event loop (what main did before).
// For each: a baseline phase (normal clients only), then an attack phase (the same normal
// clients plus a stream of hostile verify requests). Normal clients loop over one public
// verification of an ordinary CAdES (GOST 2015, test PKI) and one authenticated GET
// /api/v1/auth/me; a sampler asks GET /health every 50 ms. Printed: normal iterations/s (attack
// as % of baseline, target ≥ 80 %), /health p50/p99 (target p99 < 250 ms), hostile answers by
// status. Before the phases (pool only, on the fresh process): ten parallel 60 MB multipart
// verify requests, then one, while the service's RSS is sampled (target: +128 MiB at most).
//
// The hostile CMS is built here with the test-PKI builders: 16 signers, each with a certificate
// "issued" by the name of the test PKI's RSA issuing CA (but self-signed), each time-stamped by
// the test TSA, plus 40 fake CA certificates with that same name whose RSA keys have a 3064-bit
// public exponent (every failed path attempt costs a big modular exponentiation).
//
// Run: npx ts-node --transpile-only bench/hostile.bench.ts [seconds per phase, default 10]
// Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; fresh
// databases are created and dropped). Builds the API (tsc only, no web cabinet) and runs
// node dist/main.js, as `npm start` does. BENCH_HOSTILE_CLIENTS (default 2) hostile requests in
// flight; BENCH_NORMAL_CLIENTS (default 4) normal clients.

import * as asn1js from 'asn1js';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { Answer, expectStatus, httpClient, json } from './http-client';
import * as pkijs from 'pkijs';
import { createCades, createCadesBes } from '../src/signing/test-pki/cades';
import { keyUsage } from '../src/signing/test-pki/x509-builder';
import { generateTestKey, TestKey } from '../src/signing/test-pki/keys';
import { loadTestPki } from '../src/signing/test-pki/manifest';
import { inProcessTimestamper, TestTsa } from '../src/signing/test-pki/test-tsa';
import { signCertificate } from '../src/signing/test-pki/x509-builder';
import { spawnService } from '../test/utils/spawn-service';

const ROOT = path.resolve(__dirname, '..');
const SECONDS = Number(process.argv[2] ?? 10);
const NORMAL_CLIENTS = Number(process.env.BENCH_NORMAL_CLIENTS ?? 4);
const HOSTILE_CLIENTS = Number(process.env.BENCH_HOSTILE_CLIENTS ?? 2);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pki = loadTestPki(path.join(ROOT, 'certs/test-pki'));
const NORMAL_SIGNER = 'gost2015/individual-sign';
const USER = 'gost2015/ceo-sign';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const { request } = httpClient(agent);

function postJson(base: string, route: string, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const body = Buffer.from(JSON.stringify(payload));
  return request(
    base,
    'POST',
    route,
    { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
  );
}

async function sign(id: string, content: Uint8Array): Promise<string> {
  return Buffer.from(await createCadesBes(pki.get(id), content, { detached: false })).toString('base64');
}

async function registerAndLogin(base: string, id: string): Promise<Record<string, string>> {
  const current = json(expectStatus(await request(base, 'GET', '/api/v1/legal/offer/current', {}), 200, 'offer'));
  const version = current.current.version as number;
  const text = expectStatus(await request(base, 'GET', `/api/v1/legal/offer/versions/${version}/text/ru`, {}), 200, 'offer text');
  const cms = Buffer.from(await createCadesBes(pki.get(id), text.body, { detached: true })).toString('base64');
  expectStatus(await postJson(base, '/api/v1/registration', { offerVersion: version, locale: 'ru', cms }), 201, `register ${id}`);
  const challenge = json(expectStatus(await postJson(base, '/api/v1/auth/signature/challenge', {}), 200, 'challenge'));
  const signed = Buffer.from(
    await createCadesBes(pki.get(id), Buffer.from(challenge.dataToSign, 'utf8'), { detached: true }),
  ).toString('base64');
  const login = expectStatus(
    await postJson(base, '/api/v1/auth/signature/login', { nonce: challenge.nonce, cms: signed }),
    200,
    'login',
  );
  return { cookie: String(login.headers['set-cookie']?.[0] ?? '').split(';')[0] };
}

// DER SubjectPublicKeyInfo of an RSA "key" with a random 2048-bit modulus and a 3064-bit exponent:
// no private key exists for it, but a verifier that accepts it pays for s^e mod n.
function hugeExponentSpki(): Uint8Array {
  const modulus = randomBytes(256);
  modulus[0] |= 0x80;
  modulus[255] |= 1;
  const exponent = randomBytes(383);
  exponent[0] |= 0x80;
  exponent[382] |= 1;
  const unsigned = (bytes: Buffer) => new asn1js.Integer({ valueHex: Buffer.concat([Buffer.from([0]), bytes]) });
  const rsaKey = new asn1js.Sequence({ value: [unsigned(modulus), unsigned(exponent)] });
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.1.1' }), new asn1js.Null()] }),
      new asn1js.BitString({ valueHex: rsaKey.toBER(false) }),
    ],
  });
  return new Uint8Array(spki.toBER(false));
}

async function hostileCms(): Promise<string> {
  const issuingCa = pki.service('rsa', 'issuing-ca');
  const caName = issuingCa.certificate.subject;
  const key: TestKey = await generateTestKey('rsa-sha256');
  const now = new Date();
  const validity = { notBefore: new Date(now.getTime() - 86_400_000), notAfter: new Date(now.getTime() + 86_400_000 * 30) };
  const fakeCas = Array.from(
    { length: 40 },
    () =>
      signCertificate(
        { serialNumber: randomBytes(8), issuer: caName, subject: caName, spki: hugeExponentSpki(), extensions: [], ...validity },
        key,
      ).der,
  );
  const tsa = new TestTsa(pki);
  const signers = Array.from({ length: 16 }, (_, i) => {
    const subject = new pkijs.RelativeDistinguishedNames({
      typesAndValues: [
        new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: `hostile signer ${i}` }) }),
      ],
    });
    const cert = signCertificate(
      {
        serialNumber: randomBytes(8),
        issuer: caName,
        subject,
        spki: key.spki,
        extensions: [keyUsage(['digitalSignature', 'nonRepudiation'])],
        ...validity,
      },
      key,
    );
    return { signer: { der: cert.der, certificate: cert.certificate, key }, timestamp: inProcessTimestamper(tsa) };
  });
  const cms = await createCades({ content: Buffer.from('hostile'), signers, extraCertificates: fakeCas });
  return Buffer.from(cms).toString('base64');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rssMiB(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return NaN;
  }
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

interface PhaseResult {
  readonly normalRate: number;
  readonly healthP50: number;
  readonly healthP99: number;
  readonly healthMax: number;
  readonly hostile: Record<number, number>;
  readonly hostileMs: number[];
}

async function phase(base: string, session: Record<string, string>, normalCms: string, hostile?: string): Promise<PhaseResult> {
  const deadline = Date.now() + SECONDS * 1000;
  const start = Date.now();
  let normalDone = 0;
  const health: number[] = [];
  const hostileStatuses: Record<number, number> = {};
  const hostileMs: number[] = [];
  const normal = async () => {
    while (Date.now() < deadline) {
      const verified = await postJson(base, '/api/v1/verify', { cms: normalCms, policy: { revocation: 'off' } });
      if (verified.status !== 200)
        throw new Error(`normal verify: HTTP ${verified.status} ${verified.body.toString().slice(0, 200)}`);
      expectStatus(await request(base, 'GET', '/api/v1/auth/me', session), 200, 'me');
      normalDone++;
    }
  };
  const attacker = async () => {
    while (hostile && Date.now() < deadline) {
      const t = Date.now();
      const answer = await postJson(base, '/api/v1/verify', { cms: hostile, policy: { revocation: 'off' } });
      hostileMs.push(Date.now() - t);
      hostileStatuses[answer.status] = (hostileStatuses[answer.status] ?? 0) + 1;
      // A refused client waits as told (Retry-After), as a well-behaved one would; a hostile one
      // that does not only gets more 503s, answered at once.
      if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const sampler = async () => {
    while (Date.now() < deadline) {
      const t = process.hrtime.bigint();
      expectStatus(await request(base, 'GET', '/health', {}), 200, 'health');
      health.push(Number(process.hrtime.bigint() - t) / 1e6);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await Promise.all([
    ...Array.from({ length: NORMAL_CLIENTS }, normal),
    ...Array.from({ length: hostile ? HOSTILE_CLIENTS : 0 }, attacker),
    sampler(),
  ]);
  const elapsed = (Date.now() - start) / 1000;
  health.sort((a, b) => a - b);
  return {
    normalRate: normalDone / elapsed,
    healthP50: percentile(health, 50),
    healthP99: percentile(health, 99),
    healthMax: health[health.length - 1] ?? NaN,
    hostile: hostileStatuses,
    hostileMs,
  };
}

function multipartBody(dataBytes: number, evidenceBytes: number, cms: string): { body: Buffer; type: string } {
  const boundary = `----edo-hostile-${randomBytes(6).toString('hex')}`;
  const head = (name: string, file?: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"` : ''}\r\n${file ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
    );
  return {
    body: Buffer.concat([
      head('cms'),
      Buffer.from(`${cms}\r\n`),
      head('data', 'data.bin'),
      Buffer.alloc(dataBytes, 0x61),
      Buffer.from('\r\n'),
      head('evidence', 'evidence.bin'),
      Buffer.alloc(evidenceBytes, 0x62),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

// Ten parallel 60 MB multipart verify requests (30 MB data + 30 MB evidence each: within every
// per-request limit), sent in 1 MiB writes, while the service's RSS is sampled.
async function parallelMultipart(base: string, pid: number, cms: string, count: number) {
  const { body, type } = multipartBody(30 * 1024 * 1024, 30 * 1024 * 1024, cms);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = rssMiB(pid);
  let peak = before;
  const sampler = setInterval(() => {
    const now = rssMiB(pid);
    if (!Number.isNaN(now)) peak = Math.max(peak, now);
  }, 20);
  const start = Date.now();
  const send = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': type, 'content-length': String(body.length) },
        agent: false,
      });
      // A refused request is answered before its body is sent and the connection closed: the
      // answer counts, the reset that ends the upload does not.
      let status: number | undefined;
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => resolve(status!));
        res.on('error', () => resolve(status!));
      });
      req.on('error', (error) => (status !== undefined ? resolve(status) : reject(error)));
      let offset = 0;
      const write = () => {
        while (offset < body.length && !req.destroyed) {
          const chunk = body.subarray(offset, offset + 1024 * 1024);
          offset += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  const statuses = await Promise.all(Array.from({ length: count }, send));
  clearInterval(sampler);
  if (Number.isNaN(rssMiB(pid))) throw new Error('the service process is gone');
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return { before, peak, ms: Date.now() - start, counts };
}

async function runConfiguration(
  name: string,
  workers: string | undefined,
  admin: Client,
  withMultipart: boolean,
  hostile: string,
) {
  const database = `edo_hostile_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'edo-hostile-'));
  const service = await spawnService(
    {
      NODE_ENV: 'development',
      PORT: String(await freePort()),
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      TRUST_STORES: 'test-pki',
      // The test PKI's CRLs answered in-process, as the service checks revocation out of the box.
      REVOCATION_ONLINE: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: 'info',
      WEB_UI_DIR: path.join(tmpdir(), 'edo-web-ui-not-built'),
      ...(workers !== undefined && { VERIFICATION_WORKERS: workers }),
    },
    120_000,
    [],
    'build',
  );
  try {
    const base = service.url;
    const session = await registerAndLogin(base, USER);
    const normalCms = await sign(NORMAL_SIGNER, Buffer.alloc(10 * 1024, 'Шарт — договор — contract. '));
    // First, on the fresh process (the largest RSS growth): parallel large multipart requests.
    if (withMultipart && service.pid) {
      for (const count of process.env.BENCH_MULTIPART_ONLY === '1' ? [10, 10, 10, 1] : [10, 1]) {
        const multipart = await parallelMultipart(base, service.pid, normalCms, count);
        console.log(
          `${name.padEnd(7)} ${count} × 60 MB multipart verify in parallel: ${(multipart.ms / 1000).toFixed(1)} s, service RSS ${multipart.before.toFixed(0)} → peak ${multipart.peak.toFixed(0)} MiB (+${(multipart.peak - multipart.before).toFixed(0)} MiB; limit +128 MiB); answers ${Object.entries(
            multipart.counts,
          )
            .map(([status, answers]) => `${answers}×${status}`)
            .join(' ')}`,
        );
      }
    }
    if (process.env.BENCH_MULTIPART_ONLY === '1') return;
    // Warm-up: JIT, the workers' caches.
    await postJson(base, '/api/v1/verify', { cms: normalCms, policy: { revocation: 'off' } });
    const one = Date.now();
    const probe = await postJson(base, '/api/v1/verify', { cms: hostile, policy: { revocation: 'off' } });
    const probeMs = Date.now() - one;
    const baseline = await phase(base, session, normalCms);
    const attack = await phase(base, session, normalCms, hostile);
    const row = (label: string, r: PhaseResult) =>
      `${name.padEnd(7)} ${label.padEnd(9)} ${r.normalRate.toFixed(1).padStart(9)} ${r.healthP50.toFixed(1).padStart(9)} ${r.healthP99.toFixed(1).padStart(9)} ${r.healthMax.toFixed(1).padStart(9)}  ${Object.entries(
        r.hostile,
      )
        .map(([status, count]) => `${count}×${status}`)
        .join(' ')}${
        r.hostileMs.length
          ? ` (p50 ${percentile(
              [...r.hostileMs].sort((a, b) => a - b),
              50,
            )} ms)`
          : ''
      }`;
    console.log(row('baseline', baseline));
    console.log(row('attack', attack));
    console.log(
      `${name.padEnd(7)} one hostile verify alone: HTTP ${probe.status} ${json(probe).indication ?? json(probe).error?.code} in ${probeMs} ms; ` +
        `normal under attack = ${((attack.normalRate / baseline.normalRate) * 100).toFixed(0)} % of baseline (target ≥ 80 %), ` +
        `/health p99 ${attack.healthP99.toFixed(1)} ms (target < 250 ms)`,
    );
  } catch (error) {
    console.error(`service output (tail):\n${service.output().slice(-4000)}`);
    throw error;
  } finally {
    await service.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  cpSync(path.join(ROOT, 'src/legal/texts'), path.join(ROOT, 'dist/legal/texts'), { recursive: true });
  const hostile = await hostileCms();
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    console.log(
      `Node ${process.version}; ${NORMAL_CLIENTS} normal clients (public verify + GET /auth/me), ${HOSTILE_CLIENTS} hostile clients, ${SECONDS} s per phase; hostile CMS ${(hostile.length / 1024).toFixed(0)} KB base64`,
    );
    console.log(`config  phase      normal/s  health50  health99 healthmax  hostile answers`);
    await runConfiguration('pool', undefined, admin, true, hostile);
    if (process.env.BENCH_SKIP_INLINE !== '1') await runConfiguration('inline', '0', admin, false, hostile);
  } finally {
    await admin.end();
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
