import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/common/clock';
import { BullMqJobRunner } from '../../src/common/jobs/bullmq-job-runner';
import { InProcessJobRunner } from '../../src/common/jobs/in-process-job-runner';
import { JobName } from '../../src/common/jobs/job-definitions';
import { MailJobName, SendMailPayload } from '../../src/common/mail/mail.jobs';
import { PermanentJobError } from '../../src/common/jobs/job-errors';
import { JobHandlerRegistry } from '../../src/common/jobs/job-handler.registry';
import { JobRecord, JobState } from '../../src/common/jobs/job-record.entity';
import { JobRecordsRepository } from '../../src/common/jobs/job-records.repository';
import { JobsService } from '../../src/common/jobs/jobs.service';
import { describeWithRedis, testRedisUrl } from '../utils/backends';
import { openTestDataSource } from '../utils/database';
import { APP_JOB_DEFINITIONS } from '../../src/jobs';

const SETTINGS = { attempts: 3, backoffMs: 1000, pollIntervalMs: 50 };

// Handlers whose behaviour each test picks through the subject of a SendMail payload, so that
// jobs left in the shared table by other suites cannot confuse the assertions.
function scriptedRegistry() {
  const calls = new Map<string, number>();
  const registry = new JobHandlerRegistry(APP_JOB_DEFINITIONS);
  registry.register(MailJobName.SendMail, async (payload: SendMailPayload) => {
    const count = (calls.get(payload.subject) ?? 0) + 1;
    calls.set(payload.subject, count);
    const [behaviour, limit] = payload.subject.split(':');
    if (behaviour === 'fail-until' && count < Number(limit)) throw new Error(`transient failure ${count}`);
    if (behaviour === 'always-fail') throw new Error('smtp down');
    if (behaviour === 'permanent') throw new PermanentJobError('address rejected');
  });
  // The runners refuse to start with a job name nobody handles; the other jobs are not this test's.
  for (const name of Object.keys(APP_JOB_DEFINITIONS) as JobName[])
    if (name !== MailJobName.SendMail) registry.register(name, async () => undefined);
  return { registry, calls };
}

describe('jobs: transactional outbox + in-process runner', () => {
  let dataSource: DataSource;
  let records: JobRecordsRepository;
  let clock: ManualClock;
  let jobs: JobsService;

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    records = new JobRecordsRepository(dataSource);
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => {
    // Far in the future of every other suite's jobs, so that only this test's jobs are due... plus
    // any stale ones, which the scripted registry runs harmlessly.
    clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
    jobs = new JobsService(records, clock, APP_JOB_DEFINITIONS);
  });

  const stateOf = async (id: string) => await dataSource.getRepository(JobRecord).findOneByOrFail({ id });

  it('runs a due job once with its validated payload', async () => {
    const { registry, calls } = scriptedRegistry();
    const runner = new InProcessJobRunner(records, registry, jobs, clock, SETTINGS);
    const payload = { to: 'a@example.kz', subject: `ok ${Date.now()}`, text: 'hello' };
    const id = await jobs.enqueue(MailJobName.SendMail, payload);
    await runner.runDueNow();
    expect(await stateOf(id)).toMatchObject({ state: JobState.Completed, attempts: 1, lastError: null });
    expect(calls.get(payload.subject)).toBe(1);
    await runner.runDueNow();
    expect(calls.get(payload.subject)).toBe(1);
  });

  it('retries with exponential backoff and completes when the failure passes', async () => {
    const { registry, calls } = scriptedRegistry();
    const runner = new InProcessJobRunner(records, registry, jobs, clock, SETTINGS);
    const payload = { to: 'a@example.kz', subject: `fail-until:3:${Date.now()}`, text: 'x' };
    const id = await jobs.enqueue(MailJobName.SendMail, payload);

    await runner.runDueNow();
    expect(await stateOf(id)).toMatchObject({ state: JobState.Pending, attempts: 1, lastError: 'Error: transient failure 1' });
    await runner.runDueNow(); // not due yet: backoff is 1 s
    expect(calls.get(payload.subject)).toBe(1);
    clock.advance(1000);
    await runner.runDueNow();
    expect(await stateOf(id)).toMatchObject({ state: JobState.Pending, attempts: 2 });
    clock.advance(1999); // second backoff is 2 s
    await runner.runDueNow();
    expect(calls.get(payload.subject)).toBe(2);
    clock.advance(1);
    await runner.runDueNow();
    expect(await stateOf(id)).toMatchObject({ state: JobState.Completed, attempts: 3 });
  });

  it('marks a job failed after the last attempt and keeps the reason', async () => {
    const { registry } = scriptedRegistry();
    const runner = new InProcessJobRunner(records, registry, jobs, clock, SETTINGS);
    const id = await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject: `always-fail:${Date.now()}`, text: 'x' });
    for (let i = 0; i < 5; i++) {
      await runner.runDueNow();
      clock.advance(10_000);
    }
    expect(await stateOf(id)).toMatchObject({ state: JobState.Failed, attempts: 3, lastError: 'Error: smtp down' });
  });

  it('fails at once on an error a retry cannot fix, and on an invalid stored payload', async () => {
    const { registry, calls } = scriptedRegistry();
    const runner = new InProcessJobRunner(records, registry, jobs, clock, SETTINGS);
    const permanent = await jobs.enqueue(MailJobName.SendMail, {
      to: 'a@example.kz',
      subject: `permanent:${Date.now()}`,
      text: 'x',
    });
    const invalid = await records.insert({
      name: MailJobName.SendMail,
      version: 1,
      payload: { to: 'not-an-email', subject: 'bad', text: 'x' },
      runAt: clock.now(),
    });
    const unknownVersion = await records.insert({ name: MailJobName.SendMail, version: 99, payload: {}, runAt: clock.now() });
    await runner.runDueNow();
    expect(await stateOf(permanent)).toMatchObject({
      state: JobState.Failed,
      attempts: 1,
      lastError: 'PermanentJobError: address rejected',
    });
    expect(await stateOf(invalid)).toMatchObject({ state: JobState.Failed, attempts: 1 });
    expect((await stateOf(invalid)).lastError).toMatch(/invalid payload for mail.send: to/);
    expect((await stateOf(unknownVersion)).lastError).toMatch(/version 99/);
    expect(calls.get('bad')).toBeUndefined();
  });

  it('never runs a job whose transaction rolled back', async () => {
    const subject = `rolled-back:${Date.now()}`;
    await expect(
      dataSource.transaction(async (manager) => {
        await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject, text: 'x' }, { manager });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await dataSource.query(`SELECT id FROM jobs WHERE payload->>'subject' = $1`, [subject]);
    expect(rows).toHaveLength(0);
  });

  it('keeps one job per dedup key and runs a scheduled job only when its time comes', async () => {
    const { registry, calls } = scriptedRegistry();
    const runner = new InProcessJobRunner(records, registry, jobs, clock, SETTINGS);
    const runAt = new Date(clock.now().getTime() + 3 * 24 * 3_600_000);
    const key = `deadline:${Date.now()}`;
    const payload = { to: 'a@example.kz', subject: key, text: 'x' };
    const first = await jobs.enqueue(MailJobName.SendMail, payload, { runAt, dedupKey: key });
    const second = await jobs.enqueue(MailJobName.SendMail, payload, { runAt, dedupKey: key });
    expect(second).toBe(first);
    await runner.runDueNow();
    expect(calls.get(key)).toBeUndefined();
    clock.set(runAt);
    await runner.runDueNow();
    expect(calls.get(key)).toBe(1);
  });

  it('takes over a job whose runner died while holding it', async () => {
    const { registry, calls } = scriptedRegistry();
    const subject = `orphan:${Date.now()}`;
    const id = await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject, text: 'x' });
    // A runner claimed it (state running, locked for 5 minutes) and crashed.
    await dataSource.query(`UPDATE jobs SET state = 'running', attempts = 1, "lockedUntil" = $2 WHERE id = $1`, [
      id,
      new Date(clock.now().getTime() + 5 * 60_000),
    ]);
    const runner = new InProcessJobRunner(records, registry, jobs, clock, SETTINGS);
    await runner.runDueNow();
    expect(calls.get(subject)).toBeUndefined();
    clock.advance(5 * 60_000 + 1);
    await runner.runDueNow();
    expect(await stateOf(id)).toMatchObject({ state: JobState.Completed, attempts: 2 });
  });

  it('refuses to start without a handler for every job, or with two for one', () => {
    const registry = new JobHandlerRegistry(APP_JOB_DEFINITIONS);
    registry.register(MailJobName.SendMail, async () => undefined);
    expect(() => registry.assertComplete()).toThrow(/maintenance.purge-expired/);
    expect(() => registry.register(MailJobName.SendMail, async () => undefined)).toThrow(/two handlers/);
  });
});

describeWithRedis('jobs: BullMQ runner on Redis', () => {
  let dataSource: DataSource;
  let records: JobRecordsRepository;
  const clock = new ManualClock(new Date('2031-01-01T00:00:00Z'));
  let runner: BullMqJobRunner;
  let scripted: ReturnType<typeof scriptedRegistry>;
  let jobs: JobsService;

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    records = new JobRecordsRepository(dataSource);
    jobs = new JobsService(records, clock, APP_JOB_DEFINITIONS);
    scripted = scriptedRegistry();
    runner = new BullMqJobRunner(testRedisUrl()!, `edo-test-${Date.now()}`, records, scripted.registry, jobs, clock, {
      ...SETTINGS,
      backoffMs: 50,
    });
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await dataSource.destroy();
  });

  async function waitForState(id: string, state: JobState) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const record = await dataSource.getRepository(JobRecord).findOneByOrFail({ id });
      if (record.state === state) return record;
      if (Date.now() > deadline) throw new Error(`job ${id} is ${record.state}, expected ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('answers its health probe', async () => {
    await expect(runner.ping()).resolves.toBeUndefined();
  });

  it('dispatches a due row to BullMQ and a worker runs it', async () => {
    const subject = `bull-ok:${Date.now()}`;
    const id = await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject, text: 'x' });
    const record = await waitForState(id, JobState.Completed);
    expect(record.attempts).toBe(1);
    expect(scripted.calls.get(subject)).toBe(1);
  });

  it('lets BullMQ retry a failing job until it succeeds', async () => {
    const subject = `fail-until:3:bull-${Date.now()}`;
    const id = await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject, text: 'x' });
    const record = await waitForState(id, JobState.Completed);
    expect(scripted.calls.get(subject)).toBe(3);
    expect(record.attempts).toBe(3);
  });

  it('records a job as failed after the last attempt or at once for a permanent error', async () => {
    const failing = await jobs.enqueue(MailJobName.SendMail, {
      to: 'a@example.kz',
      subject: `always-fail:bull-${Date.now()}`,
      text: 'x',
    });
    const permanent = await jobs.enqueue(MailJobName.SendMail, {
      to: 'a@example.kz',
      subject: `permanent:bull-${Date.now()}`,
      text: 'x',
    });
    expect((await waitForState(failing, JobState.Failed)).lastError).toMatch(/smtp down/);
    const record = await waitForState(permanent, JobState.Failed);
    expect(record.attempts).toBe(1);
  });

  it('runs a job whose dispatcher died between claiming the row and adding it to Redis', async () => {
    const subject = `orphan-dispatch:${Date.now()}`;
    // Enqueued for later, so the runner's own polling cannot claim and run it before the row is
    // made to look orphaned (seen under load: it ran at once).
    const id = await jobs.enqueue(
      MailJobName.SendMail,
      { to: 'a@example.kz', subject, text: 'x' },
      { runAt: new Date(clock.now().getTime() + 86_400_000) },
    );
    // What claimDue leaves behind when the process is killed before queue.addBulk: the row is
    // due, dispatched and locked for 5 minutes, and Redis has never heard of it.
    await dataSource.query(`UPDATE jobs SET state = 'dispatched', "runAt" = $3, "lockedUntil" = $2 WHERE id = $1`, [
      id,
      new Date(clock.now().getTime() + 5 * 60_000),
      clock.now(),
    ]);
    await runner.runDueNow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(scripted.calls.get(subject)).toBeUndefined();
    clock.advance(5 * 60_000 + 1);
    await runner.runDueNow();
    await waitForState(id, JobState.Completed);
    expect(scripted.calls.get(subject)).toBe(1);
  });

  it('a dispatched job still queued in Redis is not run twice when its lock expires and it is dispatched again', async () => {
    const subject = `redispatch:${Date.now()}`;
    const id = await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject, text: 'x' });
    await waitForState(id, JobState.Completed);
    // As if the row had been dispatched again while BullMQ still held the job (e.g. a long backoff).
    await dataSource.query(`UPDATE jobs SET state = 'dispatched', "lockedUntil" = $2 WHERE id = $1`, [
      id,
      new Date(clock.now().getTime() - 1),
    ]);
    await runner.runDueNow();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(scripted.calls.get(subject)).toBe(1);
  });

  it('does not run a completed job again when it is dispatched twice', async () => {
    const subject = `twice:${Date.now()}`;
    const id = await jobs.enqueue(MailJobName.SendMail, { to: 'a@example.kz', subject, text: 'x' });
    await waitForState(id, JobState.Completed);
    // Simulate a dispatcher that crashed after adding to Redis but before marking the row.
    await dataSource.query(`UPDATE jobs SET state = 'pending' WHERE id = $1`, [id]);
    await runner.runDueNow();
    await waitForState(id, JobState.Dispatched);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(scripted.calls.get(subject)).toBe(1);
  });
});
