// The web cabinet in a real headless Chromium (Debian's package, driven by playwright-core),
// against the app on real PostgreSQL, S3 (s3rver) and SMTP (smtp-server), with NCALayer emulators
// standing in for each person's NCALayer: registration and login by ЭЦП, upload → sign → send,
// counter-signing in the inbox, the e-mailed link for an outsider, refusal with a reason, the
// public verification page, accessibility (axe-core), and screenshots in kk/ru/en for review.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import {
  buildWebUi,
  describeWithBrowser,
  freePort,
  launchChromium,
  routeNcaLayer,
  samplePdf,
  screenshot,
  seriousAccessibilityViolations,
  startEmulator,
} from '../utils/browser';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import { startWebhookReceiver } from '../utils/webhook-receiver';
import { createSignatureTestApp, forgetTestPkiIdentities, signAs, SignatureTestApp } from '../utils/signature-test-app';
import type { BrowserGlobals } from '../utils/browser';
import type { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';

const COMPANY_BIN = '150140001239';
const PERSON_IIN = '850315300128';
// The director's NCALayer also finds a personal key, first: only the cabinet's signer filters
// (organization EKU, the BIN) make it offer the company's keys.
const COMPANY_KEYS = ['gost2015/individual-auth', 'gost2015/individual-sign', 'gost2015/ceo-sign', 'gost2015/ceo-auth'];
const PERSON_KEYS = ['gost2015/individual-sign', 'gost2015/individual-auth'];
// NCALayer's address as the pages see it; nothing listens there: every context routes it.
const NCALAYER_URL = 'ws://127.0.0.1:13580';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithBrowser('web cabinet in Chromium', () => {
  jest.setTimeout(120_000);

  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let browser: Browser;
  let base: string;
  let companyEmulator: { url: string; emulator: NcaLayerEmulator };
  let personEmulator: { url: string; emulator: NcaLayerEmulator };
  let company: { context: BrowserContext; page: Page };
  let person: { context: BrowserContext; page: Page };
  const pageErrors: string[] = [];

  async function newPerson(emulatorUrl: () => string | null): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    await routeNcaLayer(context, NCALAYER_URL, emulatorUrl);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // A resource the page's Content-Security-Policy refused is a bug too (a blank preview, a lost font).
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    return { context, page };
  }

  async function uploadAndSign(page: Page, title: string, pdf?: Buffer): Promise<string> {
    await page.goto(`${base}/app/upload`);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: `${title}.pdf`, mimeType: 'application/pdf', buffer: pdf ?? (await samplePdf(title)) });
    await page.getByLabel('Название').fill(title);
    // The kind is the user's choice (issue 20: no silent "Договор").
    await page.getByTestId('upload-kind').click();
    await page.getByRole('option', { name: 'Договор', exact: true }).click();
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await expectText(page.getByTestId('document-status'), 'Черновик');
    await page.getByTestId('sign-as-sender').click();
    await expectText(page.getByTestId('document-status'), 'Подписан отправителем');
    return id;
  }

  async function send(page: Page, identifier: string, email?: string) {
    await page.getByTestId('recipient-identifier-0').fill(identifier);
    if (email) await page.getByTestId('recipient-email-0').fill(email);
    await page.getByTestId('send-document').click();
    // An unregistered recipient (given by its e-mail): the cabinet asks to confirm the link.
    if (email) await page.getByTestId('confirm-send').click();
    await page.getByTestId('recipients').waitFor();
  }

  async function expectText(locator: ReturnType<Page['locator']>, text: string) {
    await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
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
      // The Settings test's webhook receiver listens on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
    });
    await test.app.listen(port, '127.0.0.1');
    await forgetTestPkiIdentities(test.dataSource);
    companyEmulator = await startEmulator(COMPANY_KEYS);
    personEmulator = await startEmulator(PERSON_KEYS);
    browser = await launchChromium();
    company = await newPerson(() => companyEmulator.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await companyEmulator?.emulator.close();
    await personEmulator?.emulator.close();
    if (test) {
      await forgetTestPkiIdentities(test.dataSource);
      await test.close();
    }
    await smtp?.close();
  });

  afterEach(() => {
    // A script error on any page is a failure even when the flow happened to go through.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('explains that NCALayer is not running, with the link to install it', async () => {
    const { context, page } = await newPerson(() => null);
    await page.goto(`${base}/login`);
    await page.getByTestId('login-signature').click();
    const alert = page.getByRole('alert');
    await expectText(alert, 'NCALayer не запущен');
    expect(await alert.getByRole('link', { name: 'Установить NCALayer' }).getAttribute('href')).toContain('pki.gov.kz');
    await context.close();
  });

  it('registers the company by signing the offer with NCALayer, then logs out and back in by ЭЦП', async () => {
    const { page } = company;
    await page.goto(`${base}/register`);
    await page.getByText('Я прочитал(а) оферту').click();
    await page.getByTestId('register-sign').click();
    const registered = page.getByTestId('registered-organization');
    await expectText(registered, COMPANY_BIN);
    await page.getByRole('button', { name: 'Перейти в кабинет' }).click();
    await expectText(page.getByTestId('organization-name'), COMPANY_BIN);

    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(/\/login/);
    // NCALayer is asked for this organization's keys only (its BIN, remembered by the browser).
    await expectText(page.getByTestId('remembered-organization'), COMPANY_BIN);
    await page.getByTestId('login-signature').click();
    await page.waitForURL(/\/app\/documents\/inbox/);
    await expectText(page.getByTestId('organization-name'), COMPANY_BIN);
  });

  it('sends a signed PDF to an outsider, who opens the e-mailed link in a fresh browser and signs it; the sender sees it', async () => {
    const pdf = await samplePdf('Договор поставки № 1');
    const id = await uploadAndSign(company.page, 'Договор поставки № 1', pdf);
    await send(company.page, PERSON_IIN, 'outsider@example.kz');
    const mail = await smtp.waitForMailTo('outsider@example.kz', 30_000);
    const link = new RegExp(`${base.replace(/[.:/]/g, '\\$&')}/l/[A-Za-z0-9_-]+`).exec(mail.text)?.[0];
    expect(link).toBeDefined();

    // A stranger's key first (the company's own): refused with a clear message; then the right one.
    const stranger = await startEmulator(['gost2015/ceo-sign']);
    let outsiderKeys = stranger.url;
    const outsider = await newPerson(() => outsiderKeys);
    await outsider.page.goto(link!);
    await expectText(outsider.page.getByTestId('document-title'), 'Договор поставки № 1');
    await outsider.page.getByTestId('pdf-preview').locator('canvas').first().waitFor();
    await outsider.page.locator('[data-action=sign]').click();
    await expectText(outsider.page.getByTestId('link-wrong-company'), PERSON_IIN);
    // The page keeps its NCALayer connection: a fresh page load meets the other key holder's NCALayer.
    outsiderKeys = personEmulator.url;
    await outsider.page.reload();
    await outsider.page.locator('[data-action=sign]').click();
    await outsider.page.getByTestId('link-done').waitFor();
    await expectText(outsider.page.getByTestId('document-status'), 'Подписан обеими сторонами');
    expect(await seriousAccessibilityViolations(outsider.page)).toEqual([]);
    await screenshot(outsider.page, 'ru-link-page');
    await outsider.context.close();
    await stranger.emulator.close();

    await company.page.goto(`${base}/app/document/${id}`);
    await expectText(company.page.getByTestId('document-status'), 'Подписан обеими сторонами');
    await expectText(company.page.getByTestId('signatures'), 'Подпись действительна');

    // The outsider answered: its link is how it reads what it signed, so it cannot be revoked
    // (issue 20; web-cabinet-send.e2e-spec.ts shows a revoked link's page).
    expect(await company.page.getByRole('button', { name: 'Отозвать ссылку' }).count()).toBe(0);

    // The card's QR code page: both signatures, and the file in hand compared by its SHA-256.
    const anyone = await newPerson(() => null);
    await anyone.page.goto(`${base}/verify/d/${id}`);
    await expectText(anyone.page.getByRole('heading', { level: 1 }), 'Договор поставки № 1');
    expect(await anyone.page.locator('[data-indication=TOTAL_PASSED]').count()).toBe(2);
    const compare = anyone.page.locator('input[type=file]');
    await compare.setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expectText(anyone.page.getByRole('status'), 'Файл совпадает с подписанным документом');
    await compare.setInputFiles({
      name: 'other.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([pdf, Buffer.from(' ')]),
    });
    await expectText(anyone.page.getByRole('status'), 'Файл НЕ совпадает с подписанным документом');
    await anyone.context.close();
  });

  it('registers the person, whose inbox already holds what was sent to its IIN; registered ↔ registered signing', async () => {
    person = await newPerson(() => personEmulator.url);
    const { page } = person;
    await page.goto(`${base}/register`);
    await page.getByLabel('ИП или физическое лицо').check();
    await page.getByText('Я прочитал(а) оферту').click();
    await page.getByTestId('register-sign').click();
    await expectText(page.getByTestId('registered-organization'), PERSON_IIN);

    const id = await uploadAndSign(company.page, 'Акт выполненных работ');
    await send(company.page, PERSON_IIN);

    await page.goto(`${base}/app/documents/awaiting_my_signature`);
    await page.getByRole('link', { name: 'Акт выполненных работ' }).click();
    await page.waitForURL(new RegExp(`/app/document/${id}$`));
    await page.locator('[data-action=sign]').click();
    await expectText(page.getByTestId('document-status'), 'Подписан обеими сторонами');

    await company.page.goto(`${base}/app/document/${id}`);
    await expectText(company.page.getByTestId('document-status'), 'Подписан обеими сторонами');
  });

  it('refuses with a reason; the sender sees the reason', async () => {
    const id = await uploadAndSign(company.page, 'Счёт на оплату');
    await send(company.page, PERSON_IIN);
    const { page } = person;
    await page.goto(`${base}/app/document/${id}`);
    await page.locator('[data-action=refuse]').click();
    await page.getByTestId('reason-input').fill('Сумма не совпадает с заказом');
    // The person closes NCALayer's dialog first: told so, and which key the cabinet asked for
    // (NCALayer answers the same cancel when none of the person's keys has that IIN); nothing
    // sent; then signs.
    personEmulator.emulator.cancelNext();
    await page.getByTestId('reason-confirm').click();
    await expectText(page.getByRole('dialog').getByRole('alert'), 'Подписание отменено');
    await expectText(page.getByRole('dialog').getByRole('alert'), `нет ключа с ИИН ${PERSON_IIN}`);
    await page.getByTestId('reason-confirm').click();
    await expectText(page.getByTestId('document-status'), 'Отказ');

    await company.page.goto(`${base}/app/document/${id}`);
    await expectText(company.page.getByTestId('document-status'), 'Отказ');
    await expectText(company.page.getByTestId('recipient-reason'), 'Сумма не совпадает с заказом');
  });

  it('annuls a signed document: the sender offers, the person accepts, both see it annulled', async () => {
    const id = await uploadAndSign(company.page, 'Дополнительное соглашение');
    await send(company.page, PERSON_IIN);
    const { page } = person;
    await page.goto(`${base}/app/document/${id}`);
    await page.locator('[data-action=sign]').click();
    await expectText(page.getByTestId('document-status'), 'Подписан обеими сторонами');

    await company.page.goto(`${base}/app/document/${id}`);
    await company.page.locator('[data-action=offer_annulment]').click();
    await company.page.getByTestId('reason-input').fill('Подписано по ошибке');
    await company.page.getByTestId('reason-confirm').click();
    await expectText(company.page.getByTestId('document-status'), 'Предложено аннулирование');

    await page.reload();
    await page.locator('[data-action=accept_annulment]').click();
    await page.getByTestId('reason-confirm').click();
    await expectText(page.getByTestId('document-status'), 'Аннулирован');
    await company.page.reload();
    await expectText(company.page.getByTestId('document-status'), 'Аннулирован');
  });

  it('sends two signed drafts as an all-or-nothing package; both reach the person', async () => {
    const first = await uploadAndSign(company.page, 'Пакет: договор');
    const second = await uploadAndSign(company.page, 'Пакет: спецификация');
    const { page } = company;
    await page.goto(`${base}/app/documents/drafts`);
    await page.getByLabel('Выбрать: Пакет: договор').check();
    await page.getByLabel('Выбрать: Пакет: спецификация').check();
    await page.getByTestId('send-package').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('recipient-identifier-0').fill(PERSON_IIN);
    await dialog.getByRole('button', { name: 'Отправить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await person.page.goto(`${base}/app/documents/inbox`);
    for (const id of [first, second]) await person.page.locator(`[data-document-id="${id}"]`).waitFor();
    await company.page.goto(`${base}/app/document/${first}`);
    await expectText(company.page.getByTestId('document-status'), 'Отправлен');
    await expectText(company.page.getByTestId('document-package'), 'Пакет документов');
  });

  it('shows a tampered file on the public verification page as a failure in plain words', async () => {
    const original = Buffer.from('Шарт № 7. Сумма 1 000 000 ₸.', 'utf8');
    const cms = Buffer.from(await signAs('gost2015/ceo-sign', original), 'base64');
    const tampered = Buffer.from('Шарт № 7. Сумма 9 000 000 ₸.', 'utf8');
    const { page } = company;
    await page.goto(`${base}/verify`);
    const inputs = page.locator('input[type=file]');
    await inputs.nth(0).setInputFiles({ name: 'contract.p7s', mimeType: 'application/pkcs7-signature', buffer: cms });
    await inputs.nth(1).setInputFiles({ name: 'contract.txt', mimeType: 'text/plain', buffer: tampered });
    await page.getByTestId('verify-run').click();
    const report = page.getByTestId('verification-report');
    await expectText(report, 'Подпись недействительна');
    await expectText(report, 'подписанные данные были изменены');

    // An unknown document's QR address is the page (which explains) with a 404; its JSON a 404 code.
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missingPage = await fetch(`${base}/verify/d/${unknown}`);
    expect(missingPage.status).toBe(404);
    expect(await missingPage.text()).toContain('<div id="root">');
    const missingJson = await fetch(`${base}/api/v1/public/documents/${unknown}`);
    expect(missingJson.status).toBe(404);
    expect(((await missingJson.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');

    await inputs.nth(1).setInputFiles({ name: 'contract.txt', mimeType: 'text/plain', buffer: original });
    await page.getByTestId('verify-run').click();
    // The card's words for the verdict, as on the document page (issue 20.4).
    await expectText(page.getByTestId('verification-report'), 'Подпись действительна');
  });

  it('makes an API key and a webhook in Settings that work: the key authenticates, the test ping is signed and logged', async () => {
    const receiver = await startWebhookReceiver([200]);
    try {
      const { page } = company;
      await page.goto(`${base}/app/settings/apiKeys`);
      await page.getByTestId('api-key-name').fill('1С: Бухгалтерия');
      await page.getByTestId('api-key-create').click();
      const secret = (await page.getByTestId('secret-value').innerText()).trim();
      expect(secret).toMatch(/^edo_/);
      const me = await test.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${secret}`).expect(200);
      expect(me.body).toMatchObject({ kind: 'api_key', organizationId: expect.any(String) });

      await page.goto(`${base}/app/settings/webhooks`);
      await page.getByTestId('webhook-url').fill(receiver.url);
      await page.getByTestId('webhook-create').click();
      await page.getByTestId('secret-value').waitFor();
      await page.getByTestId('webhook-test').click();
      await waitUntil(() => receiver.received.length > 0, 15_000);
      expect(receiver.received[0].headers['x-edo-signature']).toBeDefined();
      await page.getByTestId('webhook-deliveries').click();
      await expectText(page.getByTestId('webhook-deliveries-log').getByTestId('delivery-row'), '200');
    } finally {
      await receiver.close();
    }
  });

  it('has no serious accessibility violations on the main pages, and saves screenshots in kk, ru and en', async () => {
    const { page } = company;
    await page.goto(`${base}/app/documents/outbox`);
    await page.getByTestId('documents-table').waitFor();
    const documentHref = await page.getByTestId('documents-table').getByRole('link').first().getAttribute('href');
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const anonymousPage = await anonymous.newPage();
    const pages: { name: string; page: Page; path: string; ready?: string }[] = [
      { name: 'login', page: anonymousPage, path: '/login' },
      { name: 'register', page: anonymousPage, path: '/register', ready: 'register-sign' },
      { name: 'verify', page: anonymousPage, path: '/verify', ready: 'verify-run' },
      { name: 'outbox', page, path: '/app/documents/outbox', ready: 'documents-table' },
      { name: 'document', page, path: documentHref!, ready: 'signatures' },
      { name: 'upload', page, path: '/app/upload', ready: 'upload-submit' },
      { name: 'settings', page, path: '/app/settings/organization', ready: 'settings-organization' },
      { name: 'settings-users', page, path: '/app/settings/users', ready: 'settings-users' },
      { name: 'settings-api-keys', page, path: '/app/settings/apiKeys', ready: 'api-key-row' },
      { name: 'settings-webhooks', page, path: '/app/settings/webhooks', ready: 'webhook-card' },
      { name: 'settings-audit', page, path: '/app/settings/audit', ready: 'audit-row' },
    ];
    for (const locale of ['kk', 'ru', 'en']) {
      for (const target of pages) {
        await target.page.goto(`${base}${target.path}`);
        await target.page.evaluate(
          (l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', l),
          locale,
        );
        await target.page.reload();
        await target.page.waitForFunction(
          (l) => (globalThis as unknown as BrowserGlobals).document.documentElement.lang === l,
          locale,
        );
        if (target.ready) await target.page.getByTestId(target.ready).first().waitFor();
        await target.page.waitForLoadState('networkidle');
        if (locale === 'ru') {
          const violations = await seriousAccessibilityViolations(target.page);
          expect({ page: target.name, violations }).toEqual({ page: target.name, violations: [] });
        }
        await screenshot(target.page, `${locale}-${target.name}`);
      }
    }
    // A phone-sized screen: the cabinet's menu folds behind a button.
    await page.evaluate(() => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', 'ru'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/app/documents/inbox`);
    await page.getByRole('button', { name: 'Меню' }).click();
    await page.getByRole('link', { name: 'Исходящие' }).waitFor();
    await page.waitForTimeout(500); // the menu slides in; the picture is for people, not an assertion
    await screenshot(page, 'ru-inbox-phone');
    await anonymous.close();
    // 27 pages in three languages, each with an accessibility check in ru: on the shared 2-core
    // machine, beside other suites, this took up to 130 s.
  }, 360_000);
});
