import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../src/common/clock';
import { verifyWebhookSignature } from '../../src/integrations/webhook-signature';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp } from '../utils/signature-test-app';
import { createOrganization, OPERATOR_TOKEN, TestOrganization } from '../utils/test-app';
import { startWebhookReceiver } from '../utils/webhook-receiver';

// The README's "Integrator quick start" is run as written: its blocks marked
// `<!-- quick-start: bash -->` (in order, as one script) and `<!-- quick-start: typescript -->`
// (type-checked against the generated web/src/api/schema.ts, then run) against a test app
// listening on a real port. Every request they make also passes the contract check of test apps.

const ROOT = path.resolve(__dirname, '../..');
// The test key of the README (rsa/ceo-sign) belongs to a first head of this BIN.
const SENDER_BIN = '150140001239';
const PASSWORD = 'correct horse battery';
// ts-node type-checks the program against the whole generated schema: tens of seconds on a busy machine.
const CHILD_TIMEOUT_MS = 150_000;
const EXAMPLE_TIMEOUT_MS = CHILD_TIMEOUT_MS + 30_000;

// The fenced block right after each `<!-- quick-start: <kind> -->` marker, in README order.
function quickStartBlocks(markdown: string, kind: string): string[] {
  const marker = /<!-- quick-start: ([a-z]+) -->\r?\n```[a-z]*\r?\n([\s\S]*?)\r?\n```/g;

  return [...markdown.matchAll(marker)].filter((match) => match[1] === kind).map((match) => match[2]);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Asynchronous, so that the app in this process answers the child's requests meanwhile.
function run(command: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, timeout: CHILD_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The README's webhook check compares a delivery's time with the receiver's own clock (300 s
// window): the service's clock follows real time here, however long the examples take.
class WallClock extends ManualClock {
  override now(): Date {
    return new Date();
  }
}

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n% quick start\n'), randomBytes(1024), Buffer.from('\n%%EOF\n')]);

// The curl steps need these tools: a newcomer's machine without one skips them (with the reason in
// the test's name); CI (TEST_REQUIRE_EXTERNAL=1, .ci/run installs them) fails instead.
const missingTools = ['bash', 'curl', 'jq', 'openssl'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
);
const itWithTools = missingTools.length > 0 && process.env.TEST_REQUIRE_EXTERNAL !== '1' ? it.skip : it;

describe('README: integrator quick start', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  let test: SignatureTestApp;
  let baseUrl: string;
  let sender: { email: string };
  let counterparty: TestOrganization;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let workDir: string;

  // The variables the README asks for, for a user of the sender organization.
  const readmeEnv = (extra: Record<string, string> = {}) => ({
    ...process.env,
    EDO_URL: baseUrl,
    EDO_EMAIL: sender.email,
    EDO_PASSWORD: PASSWORD,
    COUNTERPARTY_BIN: counterparty.identifier,
    ...extra,
  });

  const inboxOfCounterparty = async () =>
    (await test.http.get('/api/v1/documents?box=inbox').set('Authorization', `Bearer ${counterparty.apiKey}`).expect(200)).body
      .items as { id: string; title: string }[];

  beforeAll(async () => {
    test = await createSignatureTestApp({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }, new WallClock());
    await test.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(test.app.getHttpServer().address() as { port: number }).port}`;
    await forgetTestPkiIdentities(test.dataSource);
    // The organization of the README's signing key, with a password user (as the operator creates it).
    const email = `head-${Date.now()}@example.kz`;
    await test.http
      .post('/api/v1/operator/organizations')
      .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
      .send({
        identifier: SENDER_BIN,
        kind: 'legal_entity',
        name: 'ТОО "ЭДО ТЕСТ"',
        mainUser: { fullName: 'Нұрланов Асхат', email, password: PASSWORD },
      })
      .expect(201);
    sender = { email };
    counterparty = await createOrganization(test, 'ТОО «Контрагент»');
    receiver = await startWebhookReceiver();
    // Inside the repository, so that the TypeScript example resolves openapi-fetch from
    // node_modules; `certs` is there as the README's commands expect it (run from the repository).
    workDir = mkdtempSync(path.join(ROOT, '.readme-quick-start-'));
    symlinkSync(path.join(ROOT, 'certs'), path.join(workDir, 'certs'));
    writeFileSync(path.join(workDir, 'contract.pdf'), pdf());
  });
  afterAll(async () => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    await receiver?.close();
    await forgetTestPkiIdentities(test.dataSource);
    await test.close();
  });

  it('has the curl steps and one TypeScript program, with the generation command of its types', () => {
    expect(quickStartBlocks(readme, 'bash')).toHaveLength(7);
    expect(quickStartBlocks(readme, 'typescript')).toHaveLength(1);
    expect(readme).toContain('npx openapi-typescript http://localhost:3000/api/openapi.json -o edo-api.d.ts');
  });

  itWithTools(
    `curl: key, webhook, upload, sign, send, feed, and a real delivery verified (a tampered one refused)${missingTools.length ? ` — needs ${missingTools.join(', ')}` : ''}`,
    async () => {
      if (missingTools.length > 0) throw new Error(`the README's curl examples need ${missingTools.join(', ')}`);
      const [key, webhook, upload, sign, send, feed, verify] = quickStartBlocks(readme, 'bash');
      // Between the steps, what the README leaves to the integrator's own endpoint: the delivery
      // of document.sent, its raw body in body.json and its X-EDO-Signature in $SIGNATURE. The same
      // check is then run on the body with one byte added, which must be refused.
      const script = [
        'set -euo pipefail',
        key,
        webhook,
        upload,
        sign,
        send,
        'echo "--- feed"',
        feed,
        'for _ in $(seq 300); do [ -e delivered ] && break; sleep 0.1; done',
        'SIGNATURE=$(cat signature.txt)',
        verify,
        'printf " " >> body.json',
        verify,
        'echo "DOC_ID=$DOC_ID"; echo "WEBHOOK_SECRET=$WEBHOOK_SECRET"',
      ].join('\n');
      let stop = false;
      const handOver = (async () => {
        while (!stop) {
          const delivery = receiver.received.find((r) => r.headers['x-edo-event'] === 'document.sent');
          if (delivery) {
            writeFileSync(path.join(workDir, 'body.json'), delivery.body);
            writeFileSync(path.join(workDir, 'signature.txt'), String(delivery.headers['x-edo-signature']));
            writeFileSync(path.join(workDir, 'delivered'), '');
            return delivery;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return undefined;
      })();
      const result = await run('bash', ['-c', script], {
        cwd: workDir,
        env: readmeEnv({ WEBHOOK_URL: receiver.url }),
      });
      stop = true;
      const delivery = await handOver;

      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      const documentId = /^DOC_ID=([0-9a-f-]{36})$/m.exec(result.stdout)?.[1];
      expect(documentId).toBeDefined();
      expect(result.stdout).toContain('{"role":"sender","indication":"TOTAL_PASSED"}');
      expect(result.stdout).toContain(`{"identifier":"${counterparty.identifier}","status":"sent"}`);
      const feedLines = result.stdout.split('--- feed\n')[1].split('\n');
      for (const type of ['document.uploaded', 'document.signed_by_sender', 'document.sent']) {
        expect(feedLines).toContainEqual(expect.stringMatching(new RegExp(`^\\d+ ${type} ${documentId}$`)));
      }
      // The real delivery passed the README's check, and the tampered copy did not.
      expect(delivery).toBeDefined();
      expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'document.sent', documentId });
      expect(result.stdout).toContain(`verified: document.sent ${documentId}`);
      expect(result.stdout.match(/^verified:/gm)).toHaveLength(1);
      expect(result.stderr).toContain('rejected: answer 401 and drop it');
      // ... and the service's own reference check agrees with it.
      const secret = /^WEBHOOK_SECRET=(whsec_\S+)$/m.exec(result.stdout)?.[1];
      const header = delivery!.headers['x-edo-signature'] as string;
      expect(verifyWebhookSignature(secret!, header, delivery!.body, Math.floor(Date.now() / 1000))).toEqual({
        valid: true,
        timestamp: expect.any(Number),
      });

      expect((await inboxOfCounterparty()).map((d) => d.id)).toContain(documentId);
    },
    EXAMPLE_TIMEOUT_MS,
  );

  it(
    'TypeScript: the same flow with openapi-fetch, type-checked against the generated types',
    async () => {
      const [program] = quickStartBlocks(readme, 'typescript');
      // The README imports the types it generates (edo-api.d.ts); here, the repository's own.
      expect(program).toContain("from './edo-api';");
      const schema = path.relative(workDir, path.join(ROOT, 'web/src/api/schema')).split(path.sep).join('/');
      writeFileSync(path.join(workDir, 'quick-start.ts'), program.replace("from './edo-api';", `from '${schema}';`));
      // Type-checked (ts-node without --transpile-only) with the repository's compiler settings.
      writeFileSync(
        path.join(workDir, 'tsconfig.json'),
        JSON.stringify({
          extends: '../tsconfig.json',
          compilerOptions: { incremental: false, types: ['node'] },
          include: [],
          files: ['quick-start.ts'],
        }),
      );
      const port = await freePort();

      const result = await run(
        process.execPath,
        [path.join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--project', 'tsconfig.json', 'quick-start.ts'],
        {
          cwd: workDir,
          env: {
            ...readmeEnv({ WEBHOOK_URL: `http://127.0.0.1:${port}/edo/events`, WEBHOOK_PORT: String(port) }),
            TS_NODE_TRANSPILE_ONLY: undefined,
          },
        },
      );

      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      const documentId = /^webhook verified: document\.sent ([0-9a-f-]{36})$/m.exec(result.stdout)?.[1];
      expect(documentId).toBeDefined();
      expect(result.stdout).toContain('signed: TOTAL_PASSED');
      expect(result.stdout).toContain(`sent to ${counterparty.identifier}: sent`);
      expect(result.stdout).toMatch(new RegExp(`^feed: \\d+ document\\.sent ${documentId}$`, 'm'));
      expect((await inboxOfCounterparty()).map((d) => d.id)).toContain(documentId);
    },
    EXAMPLE_TIMEOUT_MS,
  );
});
