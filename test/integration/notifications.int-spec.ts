import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/common/clock';
import { IntegrationsJobName } from '../../src/integrations/integrations.jobs';
import { JOB_RUNNER, JobRunner } from '../../src/common/jobs/job-runner.port';
import { JobsService } from '../../src/common/jobs/jobs.service';
import { OrganizationEventInput, OrganizationEventsService } from '../../src/integrations/organization-events.service';
import { discardPendingJobs } from '../utils/database';
import { CaughtMail, parseMail } from '../utils/smtp-catcher';
import { createOrganization, createTestApp, TestApp, TestOrganization } from '../utils/test-app';

const READER = { documents: 'read', signing: 'none', billing: 'none', administration: 'none' };
const NO_DOCUMENTS = { documents: 'none', signing: 'none', billing: 'read', administration: 'none' };

// A port nobody listens on yet: the SMTP server is "down" until the test starts one there.
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  return port;
}

async function startSmtpServerOn(port: number) {
  const mails: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, ...parseMail(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return { mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('notifications: e-mails on feed events, through jobs, surviving an SMTP outage; daily digest', () => {
  let test: TestApp;
  let dataSource: DataSource;
  let events: OrganizationEventsService;
  let jobs: JobsService;
  let runner: JobRunner;
  let smtpPort: number;
  let smtp: Awaited<ReturnType<typeof startSmtpServerOn>> | undefined;

  beforeAll(async () => {
    // This file's clock is in 2097, later than any other test file's, so no runner of another file
    // (one whose app is still winding down in this process) ever finds this file's jobs due; seen:
    // a 2043 runner ran this file's digest chain before its documents existed.
    await discardPendingJobs();
    smtpPort = await freePort();
    test = await createTestApp(
      { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, JOBS_POLL_INTERVAL_MS: '60000', JOBS_BACKOFF_MS: '100', JOBS_ATTEMPTS: '5' },
      new ManualClock(new Date('2097-07-01T00:10:00Z')),
    );
    dataSource = test.app.get(DataSource);
    events = test.app.get(OrganizationEventsService);
    jobs = test.app.get(JobsService);
    runner = test.app.get(JOB_RUNNER);
  });
  afterAll(async () => {
    await test.close();
    await smtp?.close();
  });

  const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });
  // Events recorded directly stand for no organization's action unless a test says whose.
  const record = (event: Omit<OrganizationEventInput, 'actorOrganizationId'> & { actorOrganizationId?: string | null }) =>
    dataSource.transaction((manager) => events.record(manager, { actorOrganizationId: null, ...event }));
  const mailJobsFor = (
    email: string,
  ): Promise<{ state: string; attempts: number; lastError: string | null; payload: { subject: string } }[]> =>
    dataSource.query(
      `SELECT state, attempts, "lastError", payload FROM jobs WHERE name = 'mail.send' AND payload->>'to' = $1 ORDER BY "createdAt"`,
      [email],
    );

  async function waitForMail(match: (mail: CaughtMail) => boolean, stepMs = 1000): Promise<CaughtMail> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await runner.runDueNow();
      const found = smtp?.mails.find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        const open = await dataSource.query(
          `SELECT name, state, attempts, "runAt", "lockedUntil", "lastError", "dedupKey" FROM jobs WHERE state <> 'completed' ORDER BY "runAt" LIMIT 20`,
        );
        const subjects = smtp?.mails.map((mail) => `${mail.to.join(',')}: ${mail.subject}`) ?? [];
        throw new Error(
          `mail not received at ${test.clock.now().toISOString()}; got ${subjects.length} others:\n${subjects.join('\n')}\n` +
            `open jobs: ${JSON.stringify(open, null, 1)}`,
        );
      }
      test.clock.advance(stepMs);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  let org: TestOrganization;
  const documentId = randomUUID();

  it('queues the mail of an incoming document in the same transaction, keeps it while SMTP is down, and sends it later', async () => {
    org = await createOrganization(test, 'ТОО «Алушы»');
    await record({ organizationId: org.id, type: 'document.received', documentId, data: { title: 'Шарт № 15', number: '15' } });

    // The fan-out job turns the event into one mail job per user; the mail job fails: no SMTP.
    await runner.runDueNow();
    const [pending] = await mailJobsFor(org.mainUser.email);
    expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
    expect(pending.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(pending.payload.subject).toBe('Сізге жаңа құжат келді / Вам поступил новый документ: «Шарт № 15» № 15');

    smtp = await startSmtpServerOn(smtpPort);
    const mail = await waitForMail((candidate) => candidate.to.includes(org.mainUser.email));
    expect(mail.subject).toBe('Сізге жаңа құжат келді / Вам поступил новый документ: «Шарт № 15» № 15');
    expect(mail.text).toContain('Сәлеметсіз бе!');
    expect(mail.text).toContain('Здравствуйте!');
    expect(mail.text).toContain(`${test.config.http.publicUrl}/app/document/${documentId}`);
    const jobsOfMail = await mailJobsFor(org.mainUser.email);
    expect(jobsOfMail).toHaveLength(1);
    expect(jobsOfMail[0]).toMatchObject({ state: 'completed', attempts: 2 });
  });

  it('mails the users with documents:read and an e-mail address, and not those without the right', async () => {
    const reader = `reader-${org.identifier}@example.kz`;
    const outsider = `billing-${org.identifier}@example.kz`;
    await test.http
      .post('/api/v1/users')
      .set(asKey(org.apiKey))
      .send({ fullName: 'Оқырман Бір', email: reader, rights: READER })
      .expect(201);
    await test.http
      .post('/api/v1/users')
      .set(asKey(org.apiKey))
      .send({ fullName: 'Бухгалтер Екі', email: outsider, rights: NO_DOCUMENTS })
      .expect(201);

    // An answer of the other side to this organization's document, with its reason.
    await record({
      organizationId: org.id,
      type: 'document.refused',
      documentId,
      data: { title: 'Шарт № 15', reason: 'Сома қате / Неверная сумма' },
      actorOrganizationId: randomUUID(),
    });
    // (Adding a user also mails them an access notice; that one is not ours.)
    const toReader = await waitForMail((mail) => mail.to.includes(reader) && mail.subject.startsWith('Контрагент'));
    expect(toReader.subject).toBe(
      'Контрагент құжатқа қол қоюдан бас тартты / Контрагент отказался подписать документ: «Шарт № 15»',
    );
    expect(toReader.text).toContain('Себебі: Сома қате / Неверная сумма');
    expect(toReader.text).toContain('Причина: Сома қате / Неверная сумма');
    await waitForMail((mail) => mail.to.includes(org.mainUser.email) && mail.subject.startsWith('Контрагент құжатқа'));
    expect((await mailJobsFor(outsider)).filter((job) => job.payload.subject.startsWith('Контрагент'))).toEqual([]);
  });

  it('does not mail an organization about its own action or about events that are not notices', async () => {
    const before = await dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE "dedupKey" LIKE $1`, [`notify:${org.id}:%`]);
    await record({
      organizationId: org.id,
      type: 'document.signed_by_recipient',
      documentId,
      actorOrganizationId: org.id,
      data: {},
    });
    await record({ organizationId: org.id, type: 'document.opened', documentId, data: {} });
    await record({ organizationId: org.id, type: 'document.uploaded', documentId: randomUUID(), data: {} });
    const after = await dataSource.query(`SELECT count(*)::int AS n FROM jobs WHERE "dedupKey" LIKE $1`, [`notify:${org.id}:%`]);
    expect(after[0].n).toBe(before[0].n);
  });

  it('lets a user switch the event e-mails off for themselves (an API key has no such settings)', async () => {
    const login = await test.http
      .post('/api/v1/auth/login')
      .send({ email: org.mainUser.email, password: org.mainUser.password })
      .expect(200);
    const cookies = (login.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split(';')[0]);
    const asUser = { Cookie: cookies.join('; '), 'X-CSRF-Token': login.body.csrfToken as string };
    expect((await test.http.get('/api/v1/notification-preferences').set(asUser).expect(200)).body).toEqual({
      emailOnEvents: true,
      emailDigest: true,
    });
    const updated = await test.http
      .put('/api/v1/notification-preferences')
      .set(asUser)
      .send({ emailOnEvents: false })
      .expect(200);
    expect(updated.body).toEqual({ emailOnEvents: false, emailDigest: true });
    await test.http.put('/api/v1/notification-preferences').set(asUser).send({ emailOnEvents: 'no' }).expect(400);
    const byKey = await test.http.get('/api/v1/notification-preferences').set(asKey(org.apiKey)).expect(403);
    expect(byKey.body.error.code).toBe('NOTIFICATION_PREFERENCES_USER_ONLY');

    const { seq } = await record({
      organizationId: org.id,
      type: 'document.received',
      documentId: randomUUID(),
      data: { title: 'Тыныш' },
    });
    const [event] = await dataSource.query(`SELECT id FROM organization_events WHERE "organizationId" = $1 AND seq = $2`, [
      org.id,
      seq,
    ]);
    await runner.runDueNow();
    const fannedOut: { dedupKey: string; payload: { to: string } }[] = await dataSource.query(
      `SELECT "dedupKey", payload FROM jobs WHERE "dedupKey" LIKE $1`,
      [`notify:${event.id}:%`],
    );
    expect(fannedOut.map((job) => job.payload.to)).toEqual([`reader-${org.identifier}@example.kz`]);
  });

  it('sends a daily digest of the documents received in the last 24 hours that still await an answer', async () => {
    const recipient = await createOrganization(test, 'ТОО «Дайджест»');
    const [signedDoc, refusedDoc, waitingDoc, oldDoc, replacedDoc] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const recipientId = randomUUID();
    // Received before the 24-hour window of the 2097-07-02 digest (03:00 UTC): not listed.
    test.clock.set(new Date('2097-07-01T02:00:00Z'));
    await record({
      organizationId: recipient.id,
      type: 'document.received',
      documentId: oldDoc,
      recipientId,
      data: { title: 'Ескі' },
    });
    test.clock.set(new Date('2097-07-02T01:00:00Z'));
    for (const [doc, title] of [
      [signedDoc, 'Қол қойылған'],
      [refusedDoc, 'Бас тартылған'],
      [waitingDoc, 'Күтуде'],
      [replacedDoc, 'Ауыстырылған'],
    ]) {
      await record({ organizationId: recipient.id, type: 'document.received', documentId: doc, recipientId, data: { title } });
    }
    await record({
      organizationId: recipient.id,
      type: 'document.signed_by_recipient',
      documentId: signedDoc,
      recipientId,
      actorOrganizationId: recipient.id,
      data: {},
    });
    await record({
      organizationId: recipient.id,
      type: 'document.refused',
      documentId: refusedDoc,
      recipientId,
      actorOrganizationId: recipient.id,
      data: {},
    });
    // The sender replaced this recipient (a mistyped BIN): nothing left for it to do.
    await record({
      organizationId: recipient.id,
      type: 'document.recipient_replaced',
      documentId: replacedDoc,
      recipientId,
      data: { identifier: '150140001239' },
    });

    // The chain started at boot reaches 2097-07-02 03:00; enqueueing its day again is a no-op.
    await jobs.enqueue(
      IntegrationsJobName.ScheduleDailyDigests,
      { day: '2097-07-02' },
      { runAt: new Date('2097-07-02T03:00:00Z'), dedupKey: 'digest-daily:2097-07-02' },
    );
    test.clock.set(new Date('2097-07-02T03:00:00Z'));
    // The digest of 2097-07-01 (which lists «Ескі») may come first; this one is of 2097-07-02.
    const digest = await waitForMail(
      (mail) =>
        mail.to.includes(recipient.mainUser.email) &&
        mail.subject.startsWith('Әрекетті күтетін') &&
        mail.text.includes(waitingDoc),
    );
    expect(digest.subject).toBe('Әрекетті күтетін құжаттар / Документы, ожидающие действия');
    expect(digest.text).toContain(`«Күтуде» — ${test.config.http.publicUrl}/app/document/${waitingDoc}`);
    for (const doc of [signedDoc, refusedDoc, oldDoc, replacedDoc]) expect(digest.text).not.toContain(doc);

    // One digest per organization and day, and the next day is scheduled.
    const digests = await dataSource.query(`SELECT id FROM jobs WHERE "dedupKey" = $1`, [`digest:${recipient.id}:2097-07-02`]);
    expect(digests).toHaveLength(1);
    const next = await dataSource.query(`SELECT "runAt" FROM jobs WHERE "dedupKey" = 'digest-daily:2097-07-03'`);
    expect(next[0].runAt.toISOString()).toBe('2097-07-03T03:00:00.000Z');
  });
});
