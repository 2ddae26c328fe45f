// Several machines: two API processes and two workers, each its own Node process with its own
// data folder, sharing only PostgreSQL, Redis and S3 — what `node dist/main.js` (REDIS_URL set:
// the API only writes jobs) and `node dist/worker.js` (runs them) do on separate hosts. Flows
// (upload, sign, send, counter-sign) are spread over both APIs and run concurrently; a worker is
// killed with SIGKILL while webhook deliveries it runs are in flight at a slow receiver, then
// started again.
//
// What is guaranteed, and asserted:
// - no job is lost: every event of both organizations' feeds is delivered to their webhook with a
//   2xx answer, and every job row of theirs ends completed (none failed, none left dispatched);
// - delivery is at least once, and repeated only where it must be: a delivery is made again only
//   when the worker that made it died before recording it as done (in flight at the kill, or
//   answered just before it), then exactly once more, by another worker; every delivery in flight
//   at the killed worker is made again. A repeat carries the same X-EDO-Delivery id and event
//   seq, so a receiver that deduplicates on them applies each event once;
// - each feed is gap-free: seq 1..n with no holes, the same through either API.

import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { describeWithRedis, TEST_S3_CREDENTIALS, testRedisUrl, testS3Endpoint } from '../utils/backends';
import { discardPendingJobs, openTestDataSource } from '../utils/database';
import { binaryBody, forgetTestPkiIdentities, signAs } from '../utils/signature-test-app';
import { spawnService, spawnWorker } from '../utils/spawn-service';
import { OPERATOR_TOKEN, testEnv } from '../utils/test-app';

const SENDER_BIN = '150140001239';
const RECIPIENT_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';
const RECIPIENT_KEY = 'rsa/individual-sign';
// Each delivery is held this long by the receiver: long enough to catch a worker mid-job.
const HOLD_MS = 700;

type Service = Awaited<ReturnType<typeof spawnService>>;
type WorkerProcess = Awaited<ReturnType<typeof spawnWorker>>;

interface Delivery {
  deliveryId: string;
  organizationId: string;
  seq: string;
  clientPort: number;
  // The worker process that sent it.
  sender: number | undefined;
  answered: boolean;
}

// A webhook endpoint that answers 200 after HOLD_MS, keeping every request and which worker sent
// it: each worker delivers from a loopback address of its own (WEBHOOK_LOCAL_ADDRESS), so the
// sender is the connection's remote address, whenever the request is read (also after a kill).
async function startSlowReceiver(senderAt: (address: string) => number | undefined) {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { seq: string; organizationId: string };
      const address = req.socket.remoteAddress ?? '';
      const delivery: Delivery = {
        deliveryId: String(req.headers['x-edo-delivery']),
        organizationId: body.organizationId,
        seq: String(body.seq),
        clientPort: req.socket.remotePort!,
        // Looked up when asked: a worker may deliver before its start is recorded.
        get sender() {
          return senderAt(address);
        },
        answered: false,
      };
      deliveries.push(delivery);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        delivery.answered = true;
      }, HOLD_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/edo`,
    port,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const describeOnLinux = process.platform === 'linux' ? describeWithRedis : describe.skip;

describeOnLinux('several machines: 2 API processes and 2 workers on one PostgreSQL, Redis and S3', () => {
  jest.setTimeout(300_000);

  let dataSource: DataSource;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  let env: Record<string, string | undefined>;
  const apis: Service[] = [];
  const workers: WorkerProcess[] = [];
  const stopped: WorkerProcess[] = [];
  // Each worker delivers webhooks from a loopback address of its own: address -> its pid.
  const workerAt = new Map<string, number>();
  let nextAddress = 2;
  const startWorker = async (): Promise<WorkerProcess> => {
    const address = `127.0.0.${nextAddress++}`;
    const worker = await spawnWorker(testEnv({ ...env, WEBHOOK_LOCAL_ADDRESS: address }));
    workerAt.set(address, worker.pid);
    return worker;
  };

  beforeAll(async () => {
    // Jobs that earlier files left in the shared table are not this file's to run.
    await discardPendingJobs();
    dataSource = await openTestDataSource();
    await forgetTestPkiIdentities(dataSource);
    receiver = await startSlowReceiver((address) => workerAt.get(address));
    env = {
      REDIS_URL: testRedisUrl(),
      // Redis keys (queue, rate limits) of this run only.
      JOBS_PREFIX: `edo-machines-${Date.now()}`,
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      PORT: '0',
      LOG_LEVEL: 'info',
      JOBS_ATTEMPTS: '5',
      JOBS_BACKOFF_MS: '200',
      JOBS_POLL_INTERVAL_MS: '100',
      // A dispatcher killed between claiming rows and adding them to Redis leaves them dispatched
      // until this lapses (5 minutes by default, longer than this test waits).
      JOBS_DISPATCH_LOCK_MS: '5000',
      WEBHOOK_TIMEOUT_MS: '30000',
      // The slow receiver listens on 127.0.0.1, a private address refused by default.
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      // Revocation as the service checks it out of the box: the test PKI's CRLs answered
      // in-process (testEnv turns fetching off, and an unknown status is refused with a 503).
      REVOCATION_ONLINE: 'true',
    };
    // The first API migrates (under the advisory lock) before the others start.
    apis.push(await spawnService(testEnv(env)));
    apis.push(await spawnService(testEnv(env)));
    workers.push(...(await Promise.all([startWorker(), startWorker()])));
  });

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.stop()));
    await receiver?.close();
    if (dataSource) {
      await forgetTestPkiIdentities(dataSource);
      await dataSource.destroy();
    }
  });

  it('spreads the flows, survives a worker killed mid-job: no job lost, repeats only of what it had in flight, feeds gap-free', async () => {
    const startedAt = new Date();
    const [api1, api2] = apis.map((api) => request(api.url));
    const apiAt = (i: number) => (i % 2 === 0 ? api1 : api2);

    const organization = async (identifier: string, kind: string, name: string) => {
      const created = await api1
        .post('/api/v1/operator/organizations')
        .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
        .send({
          identifier,
          kind,
          name,
          mainUser: { fullName: 'Тестов Тест', email: `head-${identifier}-${Date.now()}@example.kz` },
        })
        .expect(201);
      return { id: created.body.organization.id as string, auth: { Authorization: `Bearer ${created.body.apiKey.secret}` } };
    };
    const sender = await organization(SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    const recipient = await organization(RECIPIENT_IIN, 'individual', 'ИП Тестова');
    const webhooks = new Map<string, string>();
    for (const [org, api] of [
      [sender, api2],
      [recipient, api1],
    ] as const) {
      const hook = await api.post('/api/v1/webhooks').set(org.auth).send({ url: receiver.url, eventTypes: [] }).expect(201);
      webhooks.set(org.id, hook.body.id as string);
    }

    // One document's whole flow, each step on the other API than the one before.
    const flow = async (n: number) => {
      const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% machines ${n}\n`), randomBytes(4096)]);
      const uploaded = await apiAt(n)
        .post('/api/v1/documents')
        .set(sender.auth)
        .field('title', `Договор № ${n}`)
        .field('kind', 'contract')
        .attach('file', bytes, { filename: `contract-${n}.pdf`, contentType: 'application/octet-stream' })
        .expect(201);
      const id = uploaded.body.id as string;
      await apiAt(n + 1)
        .post(`/api/v1/documents/${id}/signatures`)
        .set(sender.auth)
        .send({ cms: await signAs(SENDER_KEY, bytes) })
        .expect(201);
      await apiAt(n)
        .post(`/api/v1/documents/${id}/send`)
        .set(sender.auth)
        .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
        .expect(201);
      // The recipient reads the file from S3 through the other API, and counter-signs it.
      const content = await apiAt(n + 1)
        .get(`/api/v1/documents/${id}/content`)
        .set(recipient.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(Buffer.compare(content.body as Buffer, bytes)).toBe(0);
      await apiAt(n + 1)
        .post(`/api/v1/documents/${id}/actions/sign`)
        .set(recipient.auth)
        .send({ cms: await signAs(RECIPIENT_KEY, bytes) })
        .expect(201);
      return id;
    };

    // While the first flows run, catch a worker with deliveries in flight (arrived at the
    // receiver, not answered yet) and kill it.
    const documents: string[] = [];
    let inFlightAtKill: string[] = [];
    const [firstBatch, victim] = await Promise.all([
      Promise.all([0, 1, 2, 3].map(flow)),
      until(
        'a delivery in flight at a worker',
        () => {
          const open = receiver.deliveries.find((d) => !d.answered && d.sender !== undefined);
          const owner = open && workers.find((w) => w.pid === open.sender);
          if (!owner) return undefined;
          owner.kill('SIGKILL');
          inFlightAtKill = receiver.deliveries.filter((d) => d.sender === owner.pid && !d.answered).map((d) => d.deliveryId);
          return owner;
        },
        60_000,
      ),
    ]);
    documents.push(...firstBatch);
    expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    workers.splice(workers.indexOf(victim), 1);
    stopped.push(victim);

    // Work goes on with one worker, then the killed one comes back.
    documents.push(...(await Promise.all([4, 5].map(flow))));
    workers.push(await startWorker());
    documents.push(...(await Promise.all([6, 7].map(flow))));

    // Every job of this test (webhooks, notifications, their mails...) ends completed: the killed
    // worker's jobs too, once BullMQ finds them stalled (their lock lapses) and another worker
    // takes them. Test files run one at a time, so the jobs since the start are this test's
    // (scheduled ones, due later, aside).
    const jobStates = () =>
      dataSource.query(
        `SELECT state, count(*)::int AS n FROM jobs WHERE "createdAt" >= $1 AND "runAt" <= now() GROUP BY state ORDER BY state`,
        [startedAt],
      ) as Promise<{ state: string; n: number }[]>;
    const finalStates = await until(
      'every job completed',
      async () => {
        const states = await jobStates();
        return states.every((s) => s.state === 'completed' || s.state === 'failed') ? states : undefined;
      },
      150_000,
    );
    expect(finalStates.map((s) => s.state)).toEqual(['completed']);

    for (const org of [sender, recipient]) {
      // The feed: seq 1..n without a hole, identical through either API.
      const [one, two] = await Promise.all(
        [api1, api2].map(async (api) => (await api.get('/api/v1/events?after=0&limit=500').set(org.auth).expect(200)).body),
      );
      expect(one).toEqual(two);
      const seqs = (one.items as { seq: string }[]).map((event) => Number(event.seq));
      expect(seqs.length).toBeGreaterThanOrEqual(documents.length * 2);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));

      // Every event reached the organization's webhook with a 2xx, under one delivery id.
      const hooked = receiver.deliveries.filter((d) => d.organizationId === org.id);
      const deliveredSeqs = new Set(hooked.filter((d) => d.answered).map((d) => Number(d.seq)));
      expect(seqs.filter((seq) => !deliveredSeqs.has(seq))).toEqual([]);
      const idsBySeq = new Map<string, Set<string>>();
      for (const d of hooked) idsBySeq.set(d.seq, (idsBySeq.get(d.seq) ?? new Set()).add(d.deliveryId));
      for (const ids of idsBySeq.values()) expect(ids.size).toBe(1);
      const [{ n: jobsOfHook }] = await dataSource.query(
        `SELECT count(*)::int AS n FROM jobs WHERE "dedupKey" LIKE $1 AND state = 'completed'`,
        [`webhook:${webhooks.get(org.id)}:%`],
      );
      expect(jobsOfHook).toBe(seqs.length);
    }

    // Repeats: only of deliveries the killed worker had made (its job was running there and its
    // completion never recorded: in flight, or answered just before the kill), once each; every
    // delivery of the killed worker still in flight at the kill was made again.
    expect(receiver.deliveries.every((d) => d.sender !== undefined)).toBe(true);
    const copies = new Map<string, Delivery[]>();
    for (const d of receiver.deliveries) copies.set(d.deliveryId, [...(copies.get(d.deliveryId) ?? []), d]);
    const repeated = [...copies.values()].filter((list) => list.length > 1);
    for (const [first, ...again] of repeated) {
      expect(first.sender).toBe(victim.pid);
      expect(again).toHaveLength(1);
      expect(again[0].sender).not.toBe(victim.pid);
    }
    expect(inFlightAtKill.length).toBeGreaterThan(0);
    for (const id of inFlightAtKill) expect(copies.get(id)).toHaveLength(2);

    // Both documents' views agree on both APIs: every flow ended signed by both sides.
    for (const id of documents) {
      const [a, b] = await Promise.all(
        [api1, api2].map(async (api) => (await api.get(`/api/v1/documents/${id}`).set(sender.auth).expect(200)).body),
      );
      expect(a.status).toBe(b.status);
      expect(a.signatures).toHaveLength(2);
    }
    for (const p of [...apis, ...workers]) expect(p.output()).not.toMatch(/"level":"(error|fatal)"/);
  });
});
