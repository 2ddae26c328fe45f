import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { describeWithRedis, TEST_S3_CREDENTIALS, testRedisUrl, testS3Endpoint } from '../utils/backends';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import { spawnService, runServiceToExit } from '../utils/spawn-service';
import { createOrganization, createTestApp, OPERATOR_TOKEN, testEnv } from '../utils/test-app';

const LIMITED = { documents: 'write', signing: 'none', billing: 'none', administration: 'none' };

async function addUser(test: Awaited<ReturnType<typeof createTestApp>>) {
  const org = await createOrganization(test, 'ТОО «Почта»');
  const email = `new-${org.identifier}@example.kz`;
  await test.http
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${org.apiKey}`)
    .send({ fullName: 'Жаңа Қызметкер', email, rights: LIMITED })
    .expect(201);
  return email;
}

describe('external adapters wired through the whole app: SMTP + S3, in-process jobs', () => {
  it('sends the welcome mail of a new user through the job runner to the SMTP server', async () => {
    const smtp = await startSmtpCatcher();
    const test = await createTestApp({ SMTP_URL: smtp.url, S3_ENDPOINT: testS3Endpoint(), ...TEST_S3_CREDENTIALS }).catch(
      async (error) => {
        await smtp.close();
        throw error;
      },
    );
    try {
      const health = await test.http.get('/health').expect(200);
      expect(health.body.checks).toMatchObject({
        storage: { driver: 's3', status: 'ok' },
        mail: { driver: 'smtp', status: 'ok' },
      });
      const email = await addUser(test);
      const mail = await smtp.waitForMailTo(email);
      expect(mail.subject).toContain('ТОО «Почта»');
      expect(mail.text).toContain('Жаңа Қызметкер');
    } finally {
      await test.close();
      await smtp.close();
    }
  });

  it('reports a dependency that went away as degraded (503) instead of failing', async () => {
    const smtp = await startSmtpCatcher();
    const test = await createTestApp({ SMTP_URL: smtp.url });
    try {
      await test.http.get('/health').expect(200);
      await smtp.close();
      const degraded = await test.http.get('/health').expect(503);
      expect(degraded.body).toMatchObject({
        status: 'degraded',
        checks: { mail: { status: 'down', driver: 'smtp' }, database: { status: 'ok' } },
      });
    } finally {
      await test.close();
    }
  });
});

describeWithRedis('API and worker as separate processes on BullMQ', () => {
  it('the API only writes the job; the worker context delivers the mail', async () => {
    const smtp = await startSmtpCatcher();
    const prefix = `edo-e2e-${Date.now()}`;
    const env = { SMTP_URL: smtp.url, REDIS_URL: testRedisUrl(), JOBS_PREFIX: prefix };
    const api = await createTestApp(env);
    let worker: INestApplicationContext | undefined;
    try {
      const health = await api.http.get('/health').expect(200);
      expect(health.body.checks.jobs).toMatchObject({ driver: 'bullmq', status: 'ok' });
      const email = await addUser(api);
      // No worker yet: nothing is sent.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(smtp.mails.filter((mail) => mail.to.includes(email))).toHaveLength(0);

      worker = await NestFactory.createApplicationContext(
        AppModule.register({ config: loadConfig(testEnv(env)), role: 'worker' }),
        {
          logger: false,
        },
      );
      await worker.init();
      const mail = await smtp.waitForMailTo(email);
      expect(mail.subject).toContain('ТОО «Почта»');
    } finally {
      await worker?.close();
      await api.close();
      await smtp.close();
    }
  });
});

describe('the service as a process', () => {
  it('starts with no environment at all on the embedded defaults: PGlite, local objects, in-process jobs, mail files', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'edo-embedded-'));
    const service = await spawnService({ DATA_DIR: dataDir, PORT: '0', OPERATOR_TOKEN });
    try {
      const http = request(service.url);
      const health = await http.get('/health').expect(200);
      expect(health.body).toMatchObject({
        status: 'ok',
        mode: 'embedded',
        checks: {
          database: { driver: 'pglite', status: 'ok' },
          storage: { driver: 'local', status: 'ok' },
          jobs: { driver: 'in-process', status: 'ok' },
          mail: { driver: 'file', status: 'ok' },
        },
      });
      const org = await http
        .post('/api/v1/operator/organizations')
        .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
        .send({ identifier: '123456789013', kind: 'legal_entity', name: 'ТОО «Жергілікті»', mainUser: { fullName: 'Бас Басшы' } })
        .expect(201);
      await http
        .post('/api/v1/users')
        .set('Authorization', `Bearer ${org.body.apiKey.secret}`)
        .send({ fullName: 'Жаңа Қызметкер', email: 'new@example.kz', rights: LIMITED })
        .expect(201);
      const mailDir = path.join(dataDir, 'mail');
      const deadline = Date.now() + 10_000;
      while (!(existsSync(mailDir) && readdirSync(mailDir).some((f) => f.endsWith('.eml'))) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(readdirSync(mailDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
      // The link of the mail is printed to the log, for a developer without a mail server.
      expect(service.output()).toMatch(/"msg":"mail written".*"links":\["http/);
      expect(existsSync(path.join(dataDir, 'pg'))).toBe(true);
    } finally {
      // Nest runs its shutdown hooks on SIGTERM, then re-raises the signal.
      const exit = await service.stop();
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      expect(service.output()).not.toMatch(/"level":"error"/);
    }
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const result = await runServiceToExit({
      PORT: 'eighty',
      REDIS_URL: 'http://wrong',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'edo-bad-')),
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('Invalid configuration');
    expect(result.output).toMatch(/PORT/);
    expect(result.output).toMatch(/REDIS_URL must look like redis:\/\/host:6379/);
    expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits with a clear error when its database is down at start', async () => {
    const result = await runServiceToExit({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'edo-down-')),
      PORT: '0',
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Start-up failed: .*(ECONNREFUSED|connect)/);
  });

  it('exits naming the dependency when the SMTP server is down at start', async () => {
    const result = await runServiceToExit({
      DATABASE_URL: process.env.EDO_TEST_DATABASE_URL,
      SMTP_URL: 'smtp://127.0.0.1:1',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'edo-down-')),
      PORT: '0',
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Start-up failed: dependency not reachable: mail \(smtp\)/);
  });
});
