import { discardPendingJobs } from '../utils/database';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/common/clock';
import { JOB_RUNNER, JobRunner } from '../../src/common/jobs/job-runner.port';
import { OrganizationEventInput, OrganizationEventsService } from '../../src/integrations/organization-events.service';
import { verifyWebhookSignature } from '../../src/integrations/webhook-signature';
import { createOrganization, createTestApp, TestApp, TestOrganization } from '../utils/test-app';
import { ReceivedWebhook, startWebhookReceiver } from '../utils/webhook-receiver';
import { feedEvent } from '../utils/feed-events';

const ADMIN_READ = { documents: 'read', signing: 'none', billing: 'none', administration: 'read' };
const DOCUMENTS_ONLY = { documents: 'write', signing: 'read', billing: 'none', administration: 'none' };

interface DeliveryEntry {
  id: string;
  deliveryId: string;
  eventSeq: string | null;
  eventType: string;
  attempt: number;
  status: string;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

describe('webhooks: registration, signed delivery through jobs, retries, delivery log, auto-disable', () => {
  let test: TestApp;
  let dataSource: DataSource;
  let events: OrganizationEventsService;
  let runner: JobRunner;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    await discardPendingJobs();
    // Three attempts per job and two final failures before switching a webhook off keep the
    // scenarios short. Jobs run only when the test drives them (runDueNow + its own clock).
    test = await createTestApp(
      {
        JOBS_ATTEMPTS: '3',
        JOBS_BACKOFF_MS: '100',
        JOBS_POLL_INTERVAL_MS: '60000',
        WEBHOOK_DISABLE_AFTER_FAILURES: '2',
        // The receiver listens on 127.0.0.1: private addresses are refused unless switched on.
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
      new ManualClock(new Date('2043-05-01T00:10:00Z')),
    );
    dataSource = test.app.get(DataSource);
    events = test.app.get(OrganizationEventsService);
    runner = test.app.get(JOB_RUNNER);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await test.close();
  });

  const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });
  // Events recorded directly stand for no organization's action unless a test says whose.
  const record = (event: Omit<OrganizationEventInput, 'actorOrganizationId'> & { actorOrganizationId?: string | null }) =>
    dataSource.transaction((manager) => events.record(manager, { actorOrganizationId: null, ...event }));
  const register = async (org: TestOrganization, body: Record<string, unknown>) =>
    (await test.http.post('/api/v1/webhooks').set(asKey(org.apiKey)).send(body).expect(201)).body as {
      id: string;
      secret: string;
    };
  const deliveries = async (org: TestOrganization, webhookId: string, query = '') =>
    (await test.http.get(`/api/v1/webhooks/${webhookId}/deliveries?${query}`).set(asKey(org.apiKey)).expect(200)).body as {
      items: DeliveryEntry[];
      nextCursor: string | null;
    };

  // Runs due jobs, then moves the clock on, until the condition holds.
  async function drive(condition: () => Promise<boolean> | boolean, stepMs = 1000) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await runner.runDueNow();
      if (await condition()) return;
      if (Date.now() > deadline) throw new Error('the jobs did not get there in time');
      test.clock.advance(stepMs);
    }
  }

  // What an integrator does with each request: check the signature with the secret, within the
  // replay window, by recomputing the HMAC itself.
  function assertSigned(request: ReceivedWebhook, secret: string) {
    const header = String(request.headers['x-edo-signature']);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(match).not.toBeNull();
    expect(request.headers['x-edo-timestamp']).toBe(match![1]);
    const expected = createHmac('sha256', secret).update(`${match![1]}.${request.body}`).digest('hex');
    expect(match![2]).toBe(expected);
    const now = Math.floor(test.clock.now().getTime() / 1000);
    expect(verifyWebhookSignature(secret, header, request.body, now)).toEqual({ valid: true, timestamp: Number(match![1]) });
    expect(request.headers['content-type']).toBe('application/json');
  }

  it('registers a webhook, shows its secret once and keeps only a ciphertext of it', async () => {
    const org = await createOrganization(test);
    const created = await test.http
      .post('/api/v1/webhooks')
      .set(asKey(org.apiKey))
      .send({ url: receiver.url, eventTypes: ['document.received'], description: '1C ERP' })
      .expect(201);
    expect(created.body).toMatchObject({
      url: receiver.url,
      eventTypes: ['document.received'],
      description: '1C ERP',
      active: true,
      consecutiveFailures: 0,
      disabledAt: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const listed = await test.http.get('/api/v1/webhooks').set(asKey(org.apiKey)).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].secret).toBeUndefined();
    expect(listed.body.items[0].secretCiphertext).toBeUndefined();
    const fetched = await test.http.get(`/api/v1/webhooks/${created.body.id}`).set(asKey(org.apiKey)).expect(200);
    expect(fetched.body.secret).toBeUndefined();
    const [stored] = await dataSource.query(`SELECT "secretCiphertext" FROM webhooks WHERE id = $1`, [created.body.id]);
    expect(stored.secretCiphertext).toMatch(/^v1\./);
    expect(stored.secretCiphertext).not.toContain(created.body.secret.slice(6));

    const updated = await test.http
      .patch(`/api/v1/webhooks/${created.body.id}`)
      .set(asKey(org.apiKey))
      .send({ eventTypes: [], description: 'all events' })
      .expect(200);
    expect(updated.body).toMatchObject({ eventTypes: [], description: 'all events', url: receiver.url });

    await test.http.delete(`/api/v1/webhooks/${created.body.id}`).set(asKey(org.apiKey)).expect(200);
    await test.http.get(`/api/v1/webhooks/${created.body.id}`).set(asKey(org.apiKey)).expect(404);
  });

  it('refuses URLs that are not http(s), carry credentials or are not URLs, and unknown event types', async () => {
    const org = await createOrganization(test);
    for (const [url, problem] of [
      ['ftp://example.kz/hook', 'only http and https URLs are allowed'],
      ['https://user:secret@example.kz/hook', 'credentials in the URL are not allowed'],
      ['hook', 'not a URL'],
    ]) {
      const refused = await test.http.post('/api/v1/webhooks').set(asKey(org.apiKey)).send({ url }).expect(400);
      expect(refused.body.error).toMatchObject({ code: 'WEBHOOK_URL_INVALID', details: { problem } });
    }
    const badType = await test.http
      .post('/api/v1/webhooks')
      .set(asKey(org.apiKey))
      .send({ url: receiver.url, eventTypes: ['document.eaten'] })
      .expect(400);
    expect(badType.body.error.code).toBe('VALIDATION_FAILED');
    expect((await test.http.get('/api/v1/webhooks').set(asKey(org.apiKey)).expect(200)).body.items).toEqual([]);

    for (let i = 0; i < 20; i++) await register(org, { url: `${receiver.url}/${i}` });
    const tooMany = await test.http.post('/api/v1/webhooks').set(asKey(org.apiKey)).send({ url: receiver.url }).expect(409);
    expect(tooMany.body.error).toMatchObject({ code: 'WEBHOOK_LIMIT_REACHED', details: { limit: 20 } });
  });

  it('honours Idempotency-Key on POST /webhooks: a retried request gets the same webhook, not a second one', async () => {
    const org = await createOrganization(test);
    const key = `create-hook-${randomUUID()}`;
    const first = await test.http
      .post('/api/v1/webhooks')
      .set(asKey(org.apiKey))
      .set('Idempotency-Key', key)
      .send({ url: receiver.url })
      .expect(201);
    const again = await test.http
      .post('/api/v1/webhooks')
      .set(asKey(org.apiKey))
      .set('Idempotency-Key', key)
      .send({ url: receiver.url })
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body.secret).toMatch(/^whsec_/);
    await expectSealed(key, first.body.secret);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM webhooks WHERE "organizationId" = $1`, [
      org.id,
    ]);
    expect(count).toBe(1);
    const conflict = await test.http
      .post('/api/v1/webhooks')
      .set(asKey(org.apiKey))
      .set('Idempotency-Key', key)
      .send({ url: `${receiver.url}/other` })
      .expect(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  // An idempotency record keeps the answer for 24 hours: sealed, so it holds no signing secret in plain.
  async function expectSealed(key: string, secret: string) {
    const [record] = await dataSource.query(`SELECT * FROM idempotency_records WHERE key = $1`, [key]);
    expect(record).toMatchObject({ state: 'completed', responseBody: { sealed: expect.any(String) } });
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(JSON.stringify(record)).not.toContain(secret.slice('whsec_'.length));
  }

  it('keeps a rotated signing secret out of the idempotency record, and replays the rotation with it', async () => {
    const org = await createOrganization(test);
    const hook = await register(org, { url: receiver.url });
    const key = `rotate-hook-${randomUUID()}`;
    const rotate = () =>
      test.http.post(`/api/v1/webhooks/${hook.id}/rotate-secret`).set(asKey(org.apiKey)).set('Idempotency-Key', key).expect(200);
    const first = await rotate();
    expect(first.body.secret).toMatch(/^whsec_/);
    await expectSealed(key, first.body.secret);
    const again = await rotate();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.secret).toBe(first.body.secret);
  });

  it('isolates tenants (404 on every route of another organization’s webhook) and enforces rights', async () => {
    const owner = await createOrganization(test);
    const other = await createOrganization(test);
    const hook = await register(owner, { url: receiver.url });
    const id = hook.id;
    const asOther = asKey(other.apiKey);
    await test.http.get(`/api/v1/webhooks/${id}`).set(asOther).expect(404);
    await test.http.patch(`/api/v1/webhooks/${id}`).set(asOther).send({ description: 'mine now' }).expect(404);
    await test.http.delete(`/api/v1/webhooks/${id}`).set(asOther).expect(404);
    await test.http.post(`/api/v1/webhooks/${id}/rotate-secret`).set(asOther).expect(404);
    await test.http.post(`/api/v1/webhooks/${id}/enable`).set(asOther).expect(404);
    await test.http.post(`/api/v1/webhooks/${id}/disable`).set(asOther).expect(404);
    await test.http.post(`/api/v1/webhooks/${id}/test`).set(asOther).expect(404);
    await test.http.get(`/api/v1/webhooks/${id}/deliveries`).set(asOther).expect(404);
    expect((await test.http.get('/api/v1/webhooks').set(asOther).expect(200)).body.items).toEqual([]);
    expect(receiver.received.filter((request) => request.headers['x-edo-event'] === 'ping')).toHaveLength(0);
    // The owner's webhook is untouched.
    expect((await test.http.get(`/api/v1/webhooks/${id}`).set(asKey(owner.apiKey)).expect(200)).body.description).toBeNull();

    const reader = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(owner.apiKey))
      .send({ name: 'r', rights: ADMIN_READ })
      .expect(201);
    await test.http.get('/api/v1/webhooks').set(asKey(reader.body.secret)).expect(200);
    await test.http.get(`/api/v1/webhooks/${id}/deliveries`).set(asKey(reader.body.secret)).expect(200);
    const denied = await test.http
      .post('/api/v1/webhooks')
      .set(asKey(reader.body.secret))
      .send({ url: receiver.url })
      .expect(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    await test.http.post(`/api/v1/webhooks/${id}/test`).set(asKey(reader.body.secret)).expect(403);
    const clerk = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(owner.apiKey))
      .send({ name: 'c', rights: DOCUMENTS_ONLY })
      .expect(201);
    await test.http.get('/api/v1/webhooks').set(asKey(clerk.body.secret)).expect(403);
  });

  it('delivers a feed event signed, and retries with backoff after the receiver failed twice', async () => {
    const org = await createOrganization(test);
    receiver.setScript([500, 502, 200]);
    receiver.received.length = 0;
    const hook = await register(org, { url: receiver.url });
    const documentId = randomUUID();
    // Read back from the feed too: shaped as the documents module writes it (the contract's schema).
    const event = feedEvent({ organizationId: org.id, type: 'document.received', documentId, data: { title: 'Шарт № 15' } });
    const { seq } = await record(event);

    await runner.runDueNow();
    expect(receiver.received.map((request) => request.answeredWith)).toEqual([500]);
    let log = await deliveries(org, hook.id);
    expect(log.items.map((entry) => [entry.attempt, entry.status, entry.httpStatus])).toEqual([[1, 'retrying', 500]]);
    // Not due again before the backoff has passed.
    await runner.runDueNow();
    expect(receiver.received).toHaveLength(1);

    await drive(() => receiver.received.length === 3, 100);
    expect(receiver.received.map((request) => request.answeredWith)).toEqual([500, 502, 200]);
    for (const request of receiver.received) assertSigned(request, hook.secret);
    // Every attempt is the same delivery (receivers de-duplicate on X-EDO-Delivery) of the same body.
    expect(new Set(receiver.received.map((request) => request.headers['x-edo-delivery'])).size).toBe(1);
    expect(new Set(receiver.received.map((request) => request.body)).size).toBe(1);
    const [request] = receiver.received;
    expect(request.headers['x-edo-event']).toBe('document.received');
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      id: expect.any(String),
      seq,
      type: 'document.received',
      organizationId: org.id,
      documentId,
      recipientId: event.recipientId,
      // The service adds who acted (nobody here: the event was recorded directly).
      data: { ...event.data, actorOrganizationId: null },
      createdAt: expect.any(String),
    });
    const fed = await test.http.get('/api/v1/events?after=0').set(asKey(org.apiKey)).expect(200);
    expect(fed.body.items[0]).toEqual(body);

    log = await deliveries(org, hook.id);
    expect(log.items.map((entry) => [entry.attempt, entry.status, entry.httpStatus, entry.eventSeq])).toEqual([
      [3, 'delivered', 200, seq],
      [2, 'retrying', 502, seq],
      [1, 'retrying', 500, seq],
    ]);
    expect(log.items[2].error).toBe('answered HTTP 500');
    expect(log.items.every((entry) => entry.deliveryId === request.headers['x-edo-delivery'])).toBe(true);
    const [job] = await dataSource.query(`SELECT state, attempts FROM jobs WHERE id = $1`, [request.headers['x-edo-delivery']]);
    expect(job).toEqual({ state: 'completed', attempts: 3 });
    expect((await test.http.get(`/api/v1/webhooks/${hook.id}`).set(asKey(org.apiKey)).expect(200)).body.consecutiveFailures).toBe(
      0,
    );
  });

  it('sends only the event types a webhook asked for, and nothing for a rolled-back change', async () => {
    const org = await createOrganization(test);
    const refusals = await register(org, { url: receiver.url, eventTypes: ['document.refused'] });
    const documentId = randomUUID();
    await record({ organizationId: org.id, type: 'document.received', documentId, data: {} });
    const refused = await record({ organizationId: org.id, type: 'document.refused', documentId, data: { reason: 'Қате' } });
    await expect(
      dataSource.transaction(async (manager) => {
        await events.record(manager, {
          organizationId: org.id,
          type: 'document.refused',
          documentId,
          actorOrganizationId: null,
          data: {},
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const jobs = await dataSource.query(`SELECT "dedupKey" FROM jobs WHERE "dedupKey" LIKE $1 ORDER BY "dedupKey"`, [
      `webhook:${refusals.id}:%`,
    ]);
    expect(jobs).toEqual([{ dedupKey: `webhook:${refusals.id}:${refused.seq}` }]);
    // A deleted webhook's queued delivery is dropped when it comes up.
    await test.http.delete(`/api/v1/webhooks/${refusals.id}`).set(asKey(org.apiKey)).expect(200);
  });

  it('answers a test ping now, signed with the current secret, and rotates the secret', async () => {
    const org = await createOrganization(test);
    receiver.setScript([200]);
    receiver.received.length = 0;
    const hook = await register(org, { url: receiver.url });
    const ping = await test.http.post(`/api/v1/webhooks/${hook.id}/test`).set(asKey(org.apiKey)).expect(200);
    expect(ping.body).toMatchObject({ eventType: 'ping', attempt: 1, status: 'delivered', httpStatus: 200, eventSeq: null });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].headers['x-edo-event']).toBe('ping');
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({
      type: 'ping',
      organizationId: org.id,
      data: { webhookId: hook.id },
    });
    assertSigned(receiver.received[0], hook.secret);

    const rotated = await test.http.post(`/api/v1/webhooks/${hook.id}/rotate-secret`).set(asKey(org.apiKey)).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await test.http.post(`/api/v1/webhooks/${hook.id}/test`).set(asKey(org.apiKey)).expect(200);
    assertSigned(receiver.received[1], rotated.body.secret);
    const now = Math.floor(test.clock.now().getTime() / 1000);
    expect(
      verifyWebhookSignature(hook.secret, String(receiver.received[1].headers['x-edo-signature']), receiver.received[1].body, now)
        .valid,
    ).toBe(false);

    receiver.setScript([503]);
    const failed = await test.http.post(`/api/v1/webhooks/${hook.id}/test`).set(asKey(org.apiKey)).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', httpStatus: 503, error: 'answered HTTP 503' });
    // A ping never counts against the webhook.
    expect((await test.http.get(`/api/v1/webhooks/${hook.id}`).set(asKey(org.apiKey)).expect(200)).body.consecutiveFailures).toBe(
      0,
    );

    // Nobody listening: the attempt fails with the reason instead of an error response.
    const closed = await startWebhookReceiver();
    await closed.close();
    await test.http.patch(`/api/v1/webhooks/${hook.id}`).set(asKey(org.apiKey)).send({ url: closed.url }).expect(200);
    const refused = await test.http.post(`/api/v1/webhooks/${hook.id}/test`).set(asKey(org.apiKey)).expect(200);
    expect(refused.body).toMatchObject({ status: 'failed', httpStatus: null });
    expect(refused.body.error).toMatch(/ECONNREFUSED/);

    // A secret sealed under another key (WEBHOOK_SECRET_KEY changed) fails clearly, without a request.
    const [{ secretCiphertext }] = await dataSource.query(`SELECT "secretCiphertext" FROM webhooks WHERE id = $1`, [hook.id]);
    const other = await register(org, { url: receiver.url });
    await dataSource.query(`UPDATE webhooks SET "secretCiphertext" = $2 WHERE id = $1`, [other.id, secretCiphertext]);
    const undecryptable = await test.http.post(`/api/v1/webhooks/${other.id}/test`).set(asKey(org.apiKey)).expect(200);
    expect(undecryptable.body).toMatchObject({ status: 'failed', httpStatus: null });
    expect(undecryptable.body.error).toMatch(/cannot be decrypted/);
  });

  it('switches a webhook off after N deliveries failed for good, tells the admins, and can switch it on again', async () => {
    const org = await createOrganization(test);
    receiver.setScript([503]);
    receiver.received.length = 0;
    const hook = await register(org, { url: receiver.url });
    const documentId = randomUUID();
    await record({ organizationId: org.id, type: 'document.received', documentId, data: {} });
    await drive(async () => (await deliveries(org, hook.id)).items.some((entry) => entry.status === 'failed'), 1000);
    let state = (await test.http.get(`/api/v1/webhooks/${hook.id}`).set(asKey(org.apiKey)).expect(200)).body;
    expect(state).toMatchObject({ active: true, consecutiveFailures: 1 });

    await record({ organizationId: org.id, type: 'document.refused', documentId, data: {} });
    await drive(
      async () => (await deliveries(org, hook.id)).items.filter((entry) => entry.status === 'failed').length === 2,
      1000,
    );
    state = (await test.http.get(`/api/v1/webhooks/${hook.id}`).set(asKey(org.apiKey)).expect(200)).body;
    expect(state).toMatchObject({ active: false, consecutiveFailures: 2, disabledReason: 'failures' });
    expect(state.disabledAt).not.toBeNull();
    // (Requests of other organizations' webhooks on the same receiver are left out.)
    expect(receiver.received.filter((request) => JSON.parse(request.body).organizationId === org.id)).toHaveLength(6);
    const log = await deliveries(org, hook.id);
    const attemptsByDelivery = new Map<string, [number, string][]>();
    for (const entry of log.items) {
      attemptsByDelivery.set(entry.deliveryId, [
        ...(attemptsByDelivery.get(entry.deliveryId) ?? []),
        [entry.attempt, entry.status],
      ]);
    }
    expect([...attemptsByDelivery.values()].map((attempts) => attempts.sort(([a], [b]) => a - b))).toEqual([
      [
        [1, 'retrying'],
        [2, 'retrying'],
        [3, 'failed'],
      ],
      [
        [1, 'retrying'],
        [2, 'retrying'],
        [3, 'failed'],
      ],
    ]);

    // The main user (an administrator with an e-mail address) is told, in Kazakh and Russian.
    const mails = await dataSource.query(`SELECT payload FROM jobs WHERE name = 'mail.send' AND "dedupKey" LIKE $1`, [
      `webhook-disabled:${hook.id}:%`,
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0].payload).toMatchObject({ to: org.mainUser.email, subject: 'Веб-хук өшірілді / Веб-хук отключён' });
    expect(mails[0].payload.text).toContain(receiver.url);

    // Switched off: new events are not queued for it (the feed still has them).
    const third = await record({ organizationId: org.id, type: 'document.opened', documentId, data: {} });
    const queued = await dataSource.query(`SELECT id FROM jobs WHERE "dedupKey" = $1`, [`webhook:${hook.id}:${third.seq}`]);
    expect(queued).toEqual([]);

    receiver.setScript([200]);
    const enabled = await test.http.post(`/api/v1/webhooks/${hook.id}/enable`).set(asKey(org.apiKey)).expect(200);
    expect(enabled.body).toMatchObject({ active: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null });
    const fourth = await record({ organizationId: org.id, type: 'document.opened', documentId, data: {} });
    await drive(() =>
      receiver.received.some((request) => {
        const body = JSON.parse(request.body);
        return body.organizationId === org.id && body.seq === fourth.seq;
      }),
    );

    const disabled = await test.http.post(`/api/v1/webhooks/${hook.id}/disable`).set(asKey(org.apiKey)).expect(200);
    expect(disabled.body).toMatchObject({ active: false, disabledReason: 'manual' });
  });

  it('pages through the delivery log, newest first, with an opaque cursor', async () => {
    const org = await createOrganization(test);
    receiver.setScript([200]);
    const hook = await register(org, { url: receiver.url });
    for (let i = 0; i < 5; i++) {
      await test.http.post(`/api/v1/webhooks/${hook.id}/test`).set(asKey(org.apiKey)).expect(200);
      test.clock.advance(10);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: DeliveryEntry[]; nextCursor: string | null } = await deliveries(
        org,
        hook.id,
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual((await deliveries(org, hook.id)).items.map((entry) => entry.id));
    const forged = await test.http.get(`/api/v1/webhooks/${hook.id}/deliveries?cursor=bm9wZQ`).set(asKey(org.apiKey)).expect(400);
    expect(forged.body.error.code).toBe('CURSOR_INVALID');
  });
});
