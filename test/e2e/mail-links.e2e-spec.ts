// Every link the service e-mails must open a page: the mails (notifications, the daily digest, the
// outsider's link, a new user's access notice, an invitation, a disabled webhook) are made with
// real data, their links collected, and each fetched from the app serving a real build of the
// web cabinet (WEB_UI_DIR, built as web-cabinet.e2e-spec.ts builds it). A link must answer the
// cabinet's page (200 and its index.html) and name a route the cabinet's router has (the
// server answers index.html for any /app/… path, so the status alone would not catch a link to
// a page the browser does not know).

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatDateTime } from '../../src/contracts/locale-format';
import { OrganizationEventsService } from '../../src/integrations/organization-events.service';
import { ORGANIZATION_EVENT_TYPES } from '../../src/integrations/organization-event-types';
import { digestMail, eventMail, webhookDisabledMail } from '../../src/integrations/notification-mails';
import type { OrganizationEvent } from '../../src/integrations/organization-event.entity';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { buildWebUi } from '../utils/browser';
import { DocOrg, operatorOrganization } from '../utils/documents';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import {
  createSignatureTestApp,
  forgetTestPkiIdentities,
  SignatureTestApp,
  signAs,
  uploadSignAndSend,
} from '../utils/signature-test-app';
import { randomBin } from '../utils/test-app';

const PUBLIC_URL = 'https://edo.test.kz';
const SENDER_BIN = '150140001239';
const RECIPIENT_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';
const RECIPIENT_KEY = 'rsa/individual-sign';
const ALL_RIGHTS = { documents: 'write', signing: 'write', billing: 'read', administration: 'write' };
const READER = { documents: 'read', signing: 'none', billing: 'none', administration: 'none' };

// The cabinet's client routes, read from its router (web/src/main.tsx): the public routes and
// those nested under /app (relative there), without the catch-all.
function cabinetRoutes(): RegExp[] {
  const source = readFileSync(path.join(__dirname, '../../web/src/main.tsx'), 'utf8');
  const paths = [...source.matchAll(/<Route\s+(index\s+)?(?:path="([^"]*)")?/g)]
    .map(([, index, route]) => (index ? '/app' : route))
    .filter((route): route is string => !!route && route !== '*');
  expect(paths).toEqual(expect.arrayContaining(['/login', '/app', 'document/:id']));
  return paths.map((route) => {
    const full = route.startsWith('/') ? route : `/app/${route}`;
    return new RegExp(`^${full.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  });
}

// The links of a plain-text mail (they end at white space; a sentence's full stop is not theirs).
const linksIn = (text: string) => [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map(([link]) => link.replace(/[.,;:)»]+$/, ''));

describe('links in e-mails open pages of the web cabinet', () => {
  jest.setTimeout(180_000);
  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let indexHtml: string;
  let sender: DocOrg;
  let recipient: DocOrg;

  beforeAll(async () => {
    const webUiDir = buildWebUi();
    indexHtml = readFileSync(path.join(webUiDir, 'index.html'), 'utf8');
    smtp = await startSmtpCatcher();
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      SMTP_URL: smtp.url,
      WEB_UI_DIR: webUiDir,
      PUBLIC_URL,
      JOBS_POLL_INTERVAL_MS: '100',
    });
    await forgetTestPkiIdentities(test.dataSource);
    sender = await operatorOrganization(test, SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    recipient = await operatorOrganization(test, RECIPIENT_IIN, 'individual', 'ИП Тестова');
  });
  afterAll(async () => {
    await forgetTestPkiIdentities(test.dataSource);
    await test?.close();
    await smtp?.close();
  });

  async function signedAndSent(title: string, to: { identifier: string; email?: string }) {
    const bytes = Buffer.concat([Buffer.from(`%PDF-1.7\n% ${title}\n`), randomBytes(1024)]);
    const { id, sent } = await uploadSignAndSend(test, sender, SENDER_KEY, bytes, { title }, [to]);
    return { id, bytes, recipientId: sent.body.recipients[0].id as string };
  }

  const mailsTo = async (address: string, count: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = smtp.mails.filter((mail) => mail.to.includes(address));
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} mails to ${address}, got ${found.length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('every link of every mail answers the cabinet page of a route the cabinet has', async () => {
    const mails: { name: string; text: string }[] = [];
    const senderMail = (await test.dataSource.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m."userId" WHERE m."organizationId" = $1`,
      [sender.id],
    )) as { email: string }[];
    const recipientMail = (await test.dataSource.query(
      `SELECT u.email FROM memberships m JOIN users u ON u.id = m."userId" WHERE m."organizationId" = $1`,
      [recipient.id],
    )) as { email: string }[];

    // Sent through the app: an incoming document (to the recipient), its refusal (to the
    // sender), an outsider's link, a new user's access notice, an invitation.
    const incoming = await signedAndSent('Договор для ссылок', { identifier: RECIPIENT_IIN });
    const issued = await test.http
      .post(`/api/v1/documents/${incoming.id}/statements`)
      .set(recipient.auth)
      .send({ action: 'refuse', reason: 'Неверная сумма' })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${incoming.id}/actions/refuse`)
      .set(recipient.auth)
      .send({ statement: issued.body.statement, cms: await signAs(RECIPIENT_KEY, issued.body.statement) })
      .expect(201);
    const outsider = await signedAndSent('Счёт для ссылки', { identifier: randomBin(), email: 'mail-links-outsider@example.kz' });
    await test.http
      .post('/api/v1/users')
      .set(sender.auth)
      .send({ fullName: 'Оқырман Бір', email: 'mail-links-reader@example.kz', rights: READER })
      .expect(201);
    await test.http
      .post(`/api/v1/organizations/${sender.id}/invitations`)
      .set(sender.auth)
      .send({ iin: randomBin(), email: 'mail-links-invited@example.kz', rights: ALL_RIGHTS })
      .expect(201);
    for (const [address, count] of [
      [recipientMail[0].email, 1],
      [senderMail[0].email, 1],
      ['mail-links-outsider@example.kz', 1],
      ['mail-links-reader@example.kz', 1],
      ['mail-links-invited@example.kz', 1],
    ] as const) {
      for (const mail of await mailsTo(address, count)) mails.push({ name: `${address}: ${mail.subject}`, text: mail.text });
    }
    // The invitation's expiry reads as the cabinet writes times (Almaty, dd.mm.yyyy HH:mm), not as ISO.
    const invitation = mails.find((mail) => mail.name.startsWith('mail-links-invited@example.kz'));
    expect(invitation?.text).toMatch(/Приглашение действует до \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(время Алматы\)/);
    expect(invitation?.text).toMatch(/Шақыру \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(Алматы уақыты\) дейін жарамды/);
    expect(invitation?.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}/);
    // So does the outsider's link expiry, in both languages (not the UTC day in ISO).
    const [link] = (await test.dataSource.query(`SELECT "expiresAt" FROM recipient_links WHERE "recipientId" = $1`, [
      outsider.recipientId,
    ])) as { expiresAt: Date }[];
    const linkMail = mails.find((mail) => mail.name.startsWith('mail-links-outsider@example.kz'))?.text ?? '';
    expect(linkMail).toContain(`Ссылка действует до ${formatDateTime(link.expiresAt, 'ru')} (время Алматы).`);
    expect(linkMail).toContain(`Сілтеме ${formatDateTime(link.expiresAt, 'kk')} (Алматы уақыты) дейін жарамды.`);
    expect(linkMail).not.toMatch(/действует до \d{4}-/);
    expect(mails.map((mail) => mail.name)).toEqual(
      expect.arrayContaining([expect.stringContaining('Вам поступил новый документ'), expect.stringContaining('отказался')]),
    );
    // The document is named by its title, not by its id.
    const notices = mails.filter((mail) => /поступил новый документ|отказался/.test(mail.name));
    expect(notices.map((mail) => mail.name)).toEqual([
      expect.stringContaining('«Договор для ссылок»'),
      expect.stringContaining('«Договор для ссылок»'),
    ]);

    // The other templates, rendered with this document's feed events: every notified type, the
    // daily digest (as the job makes it for the recipient) and a disabled webhook's notice.
    const feed = await test.app.get(OrganizationEventsService).list(recipient.id, { after: '0', limit: 100 });
    const received = feed.items.find((item) => item.type === 'document.received')!;
    const event = { ...received, createdAt: new Date(received.createdAt) } as OrganizationEvent;
    for (const type of ORGANIZATION_EVENT_TYPES) {
      let text: string;
      try {
        text = eventMail({ ...event, type }, PUBLIC_URL).text;
      } catch {
        continue; // a type nobody is e-mailed about
      }
      mails.push({ name: `event mail ${type}`, text });
    }
    mails.push({ name: 'digest', text: digestMail([event], false, PUBLIC_URL).text });
    mails.push({
      name: 'webhook disabled',
      text: webhookDisabledMail({ url: 'https://hooks.example.kz/edo', failures: 5, publicUrl: PUBLIC_URL }).text,
    });

    const routes = cabinetRoutes();
    const checked: string[] = [];
    for (const mail of mails) {
      const links = linksIn(mail.text).filter((link) => !link.startsWith('https://hooks.example.kz'));
      expect([mail.name, links.length > 0]).toEqual([mail.name, true]);
      for (const link of links) {
        expect([mail.name, link.startsWith(`${PUBLIC_URL}/`)]).toEqual([mail.name, true]);
        const { pathname, search } = new URL(link);
        const page = await test.http.get(`${pathname}${search}`);
        expect([mail.name, link, page.status]).toEqual([mail.name, link, 200]);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.text).toBe(indexHtml);
        expect([mail.name, link, routes.some((route) => route.test(pathname))]).toEqual([mail.name, link, true]);
        checked.push(pathname);
      }
    }
    // The document a notification links to is one its reader can open.
    const documentPages = checked.filter((pathname) => pathname.startsWith('/app/document/'));
    expect(documentPages.length).toBeGreaterThan(0);
    for (const pathname of new Set(documentPages)) {
      await test.http
        .get(`/api/v1/documents/${pathname.split('/').pop()}`)
        .set(recipient.auth)
        .expect(200);
    }
    // The outsider's link is its token's page, and the token opens the document through the API.
    const linkPages = [...new Set(checked.filter((pathname) => pathname.startsWith('/l/')))];
    expect(linkPages).toHaveLength(1);
    await test.http.get(`/api/v1/links/${linkPages[0].slice(3)}`).expect(200);
  });
});
