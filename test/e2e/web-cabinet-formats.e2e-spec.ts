// Issue 20 point 3: the cabinet writes amounts, dates and sizes the same way in Kazakh as in
// Russian ("150 000,00 ₸" with no-break spaces, dd.mm.yyyy, КБ), never as ISO timestamps, and in
// Almaty time whatever the browser's zone — the same strings the server's formatting module
// (src/contracts/locale-format.ts, used by the mails and the card too) writes on Node.
// One app, one browser, one context: register by the NCALayer emulator, upload with an amount and
// a date, sign, send, then read the document page and the outbox in ru and kk.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatDateTime } from '../../src/contracts/locale-format';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import {
  buildWebUi,
  describeWithBrowser,
  freePort,
  launchChromium,
  routeNcaLayer,
  samplePdf,
  screenshot,
  startEmulator,
} from '../utils/browser';
import type { BrowserGlobals } from '../utils/browser';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp } from '../utils/signature-test-app';
import type { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';

const COMPANY_BIN = '150140001239';
const OUTSIDER_IIN = '850315300128';
const COMPANY_KEYS = ['gost2015/ceo-sign', 'gost2015/ceo-auth'];
const NCALAYER_URL = 'ws://127.0.0.1:13580';
const NBSP = '\u00a0';
const AMOUNT = `150${NBSP}000,00${NBSP}₸`;
// What must never reach a person: ISO dates and instants ("2026-12-07", "2026-12-07T13:02",
// "2026-12-07 18:02:36"), binary units.
const RAW = /\b\d{4}-\d{2}-\d{2}\b|\d{2}:\d{2}:\d{2}|KiB|MiB/;

describeWithBrowser('web cabinet: amounts, dates and sizes in ru and kk', () => {
  jest.setTimeout(120_000);

  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let browser: Browser;
  let base: string;
  let emulator: { url: string; emulator: NcaLayerEmulator };
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  async function setLocale(locale: string): Promise<void> {
    await page.evaluate((l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', l), locale);
    await page.reload();
    await page.waitForFunction((l) => (globalThis as unknown as BrowserGlobals).document.documentElement.lang === l, locale);
  }

  async function bodyText(): Promise<string> {
    return page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
  }

  // The value cell of a document field, by the field's label in the page's language.
  function field(label: string) {
    return page.locator('tr', { has: page.locator('th', { hasText: label }) }).locator('td');
  }

  beforeAll(async () => {
    const webUiDir = buildWebUi();
    smtp = await startSmtpCatcher();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      SMTP_URL: smtp.url,
      PUBLIC_URL: base,
      WEB_UI_DIR: webUiDir,
      NCALAYER_URL,
    });
    await test.app.listen(port, '127.0.0.1');
    await forgetTestPkiIdentities(test.dataSource);
    emulator = await startEmulator(COMPANY_KEYS);
    browser = await launchChromium();
    // A browser far from Almaty: what it shows must still be Almaty's time.
    context = await browser.newContext({
      locale: 'ru-RU',
      timezoneId: 'America/Los_Angeles',
      viewport: { width: 1280, height: 900 },
    });
    await routeNcaLayer(context, NCALAYER_URL, () => emulator.url);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.emulator.close();
    if (test) {
      await forgetTestPkiIdentities(test.dataSource);
      await test.close();
    }
    await smtp?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('shows "150 000,00 ₸", dd.mm.yyyy, КБ and Almaty times on the document page and in the outbox, in ru and in kk', async () => {
    await page.goto(`${base}/register`);
    await page.getByText('Я прочитал(а) оферту').click();
    await page.getByTestId('register-sign').click();
    await page.getByTestId('registered-organization').filter({ hasText: COMPANY_BIN }).waitFor({ timeout: 30_000 });

    await page.goto(`${base}/app/upload`);
    await page.locator('input[type=file]').setInputFiles({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      buffer: await samplePdf('Счёт-фактура № 15', 'Шот-фактура. Счёт-фактура. Сомасы 150 000,00 ₸.'),
    });
    // The upload form shows the chosen file's size in КБ too.
    await page
      .getByTestId('dropzone')
      .filter({ hasText: /invoice\.pdf · \d+(,\d)?\u00a0КБ/ })
      .waitFor();
    await page.getByLabel('Название').fill('Счёт-фактура № 15');
    await page.getByLabel('Дата документа').fill('2026-11-30');
    await page.getByLabel('Сумма, ₸').fill('150 000,00');
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByTestId('sign-as-sender').click();
    await page.getByTestId('document-status').filter({ hasText: 'Подписан отправителем' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('recipient-identifier-0').fill(OUTSIDER_IIN);
    await page.getByTestId('recipient-email-0').fill('formats-outsider@example.kz');
    await page.getByTestId('send-document').click();
    // An unregistered recipient: the cabinet asks to confirm sending by link.
    await page.getByTestId('confirm-send').click();
    await page.getByTestId('recipients').waitFor();

    const stored = await page.request.get(`${base}/api/v1/documents/${id}`);
    expect(stored.status()).toBe(200);
    const createdAt = ((await stored.json()) as { createdAt: string }).createdAt;

    for (const [locale, words] of [
      ['ru', { amount: 'Сумма, ₸', file: 'Файл', created: 'Создано' }],
      ['kk', { amount: 'Сомасы, ₸', file: 'Файл', created: 'Құрылды' }],
    ] as const) {
      await page.goto(`${base}/app/document/${id}`);
      await setLocale(locale);
      await page.getByTestId('document-title').waitFor();
      await page.getByTestId('signatures').waitFor();
      await page.waitForLoadState('networkidle');

      expect(await field(words.amount).textContent()).toBe(AMOUNT);
      expect(await field(words.file).textContent()).toMatch(/ · \d+(,\d)?\u00a0КБ · application\/pdf$/);
      // Chromium's own time zone is Los Angeles; the page says Almaty's time, exactly as Node writes it.
      const created = await field(words.created).textContent();
      expect(created).toBe(formatDateTime(createdAt, locale));
      expect(created).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
      const text = await bodyText();
      expect(text).toContain('30.11.2026');
      expect([locale, 'document page', RAW.exec(text)?.[0]]).toEqual([locale, 'document page', undefined]);
      await screenshot(page, `${locale}-formats-document`);

      await page.goto(`${base}/app/documents/outbox`);
      const row = page.locator('tr', { hasText: 'Счёт-фактура № 15' });
      await row.waitFor();
      expect(await row.textContent()).toContain('30.11.2026');
      const outbox = await bodyText();
      expect([locale, 'outbox', RAW.exec(outbox)?.[0]]).toEqual([locale, 'outbox', undefined]);
      await screenshot(page, `${locale}-formats-outbox`);
    }
  });
});
