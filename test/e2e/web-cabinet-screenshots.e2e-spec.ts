// Issue 20 point 10 in Chromium, in ru and kk: the offer rendered (no raw Markdown), the result of
// registration worded by what registered (organization or ИП/person), and NCALayer connection
// failures naming both causes with their fixes. Then pictures for review in CI's artifacts
// (artifacts/screenshots) in kk, ru and en: the document list, a signed document, the document's
// card PDF drawn as an image, and /verify showing a result.

import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import {
  BrowserGlobals,
  buildWebUi,
  describeWithBrowser,
  freePort,
  launchChromium,
  routeNcaLayer,
  samplePdf,
  screenshot,
  SCREENSHOT_DIR,
  seriousAccessibilityViolations,
  startEmulator,
} from '../utils/browser';
import { pdfToPng } from '../utils/pdf-image';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import { createSignatureTestApp, forgetTestPkiIdentities, signAs, SignatureTestApp } from '../utils/signature-test-app';
import type { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';

const COMPANY_BIN = '150140001239';
const PERSON_IIN = '850315300128';
const COMPANY_KEYS = ['gost2015/ceo-sign', 'gost2015/ceo-auth'];
const PERSON_KEYS = ['gost2015/individual-sign', 'gost2015/individual-auth'];
// NCALayer's address as the pages see it. Nothing listens there: contexts that stand for a person
// route it to that person's emulator; the others meet a refused connection, as without NCALayer.
const NCALAYER_URL = 'ws://127.0.0.1:13581';
const LOCALES = ['kk', 'ru', 'en'] as const;
type Locale = (typeof LOCALES)[number];

describeWithBrowser('web cabinet: offer, registration wording, NCALayer failures; screenshots for review', () => {
  jest.setTimeout(180_000);

  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let browser: Browser;
  let base: string;
  let companyEmulator: { url: string; emulator: NcaLayerEmulator };
  let personEmulator: { url: string; emulator: NcaLayerEmulator };
  let company: { context: BrowserContext; page: Page };
  let person: { context: BrowserContext; page: Page };
  const pageErrors: string[] = [];

  async function newContext(emulatorUrl?: () => string | null): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    if (emulatorUrl) await routeNcaLayer(context, NCALAYER_URL, emulatorUrl);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    return { context, page };
  }

  // The language the person chose (kept by the browser), then the page loaded again in it.
  async function useLocale(page: Page, locale: Locale): Promise<void> {
    await page.evaluate((l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', l), locale);
    await page.reload();
    await page.waitForFunction((l) => (globalThis as unknown as BrowserGlobals).document.documentElement.lang === l, locale);
  }

  async function expectText(locator: ReturnType<Page['locator']>, text: string) {
    await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
  }

  // The offer as a person reads it: its title a heading, its sections headings, no Markdown marks.
  async function expectRenderedOffer(page: Page, title: string, section: string) {
    const text = page.getByTestId('legal-text');
    await text.getByRole('heading', { level: 3, name: title }).waitFor();
    await text.getByRole('heading', { level: 4, name: section }).waitFor();
    const shown = await text.innerText();
    expect(shown).not.toMatch(/^\s*#|\*\*/m);
    expect(await text.locator('p').count()).toBeGreaterThan(10);
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
    companyEmulator = await startEmulator(COMPANY_KEYS);
    personEmulator = await startEmulator(PERSON_KEYS);
    browser = await launchChromium();
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
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it.each([
    [
      'ru',
      'Не удалось подключиться к NCALayer. Возможны две причины:',
      'NCALayer не запущен. Запустите NCALayer',
      'Браузер не доверяет сертификату NCALayer. Откройте один раз http://127.0.0.1:13581 в этом браузере, примите сертификат',
    ],
    [
      'kk',
      'NCALayer-ге қосылу мүмкін болмады. Екі себеп болуы мүмкін:',
      'NCALayer іске қосылмаған. NCALayer бағдарламасын осы компьютерде іске қосып',
      'Браузер NCALayer сертификатына сенбейді. Осы браузерде http://127.0.0.1:13581 мекенжайын бір рет ашып, сертификатты қабылдаңыз',
    ],
  ] as const)(
    '%s: NCALayer unreachable — says it may not run or its certificate may not be trusted, and how to fix each',
    async (locale, intro, notRunning, untrusted) => {
      const { context, page } = await newContext();
      await page.goto(`${base}/login`);
      await useLocale(page, locale);
      await page.getByTestId('login-signature').click();
      const alert = page.getByRole('alert');
      await expectText(alert, intro);
      expect(await alert.getAttribute('data-error-code')).toBe('NCALAYER_NOT_RUNNING');
      const causes = alert.getByTestId('ncalayer-unreachable').getByRole('listitem');
      expect(await causes.count()).toBe(2);
      expect(await causes.nth(0).innerText()).toContain(notRunning);
      expect(await causes.nth(0).getByRole('link').getAttribute('href')).toContain('pki.gov.kz');
      expect(await causes.nth(1).innerText()).toContain(untrusted);
      // The fix is one click away: the address where the browser shows (and accepts) the certificate.
      expect(await causes.nth(1).getByRole('link').getAttribute('href')).toBe('http://127.0.0.1:13581');
      await screenshot(page, `${locale}-ncalayer-unreachable`);
      await context.close();
    },
  );

  it('kk: the offer is shown as headings and paragraphs; a company that registers reads «Ұйым тіркелді» with its БСН', async () => {
    company = await newContext(() => companyEmulator.url);
    const { page } = company;
    await page.goto(`${base}/register`);
    await useLocale(page, 'kk');
    await expectRenderedOffer(
      page,
      'Электрондық құжат айналымы (ЭҚА) сервисіне қолжетімділік беру туралы жария оферта',
      '1. Жалпы ережелер',
    );
    await page.getByRole('heading', { level: 1, name: 'Сервиске тіркелу' }).waitFor();
    await page.getByText('Офертаны оқыдым').click();
    await page.getByTestId('register-sign').click();
    await expectText(page.getByTestId('registered-title'), 'Ұйым тіркелді');
    await expectText(page.getByTestId('registered-organization'), `БСН: ${COMPANY_BIN}`);
  });

  it('ru: the offer is rendered; an individual who registers reads that they are registered as ИП or a person, with the ИИН', async () => {
    person = await newContext(() => personEmulator.url);
    const { page } = person;
    await page.goto(`${base}/register`);
    await useLocale(page, 'ru');
    await expectRenderedOffer(
      page,
      'Публичная оферта на предоставление доступа к сервису электронного документооборота (ЭДО)',
      '1. Общие положения',
    );
    await page.getByLabel('ИП или физическое лицо').check();
    await page.getByText('Я прочитал(а) оферту').click();
    await page.getByTestId('register-sign').click();
    await expectText(page.getByTestId('registered-title'), 'Вы зарегистрированы как ИП или физическое лицо');
    expect(await page.getByText('Организация зарегистрирована').count()).toBe(0);
    await expectText(page.getByTestId('registered-organization'), `ИИН: ${PERSON_IIN}`);
  });

  it('saves the list, a signed document, its card PDF (as an image) and /verify with a result in kk, ru and en', async () => {
    // A document both sides signed: the company uploads, signs and sends; the person counter-signs.
    const title = 'Договор поставки № 7';
    const { page } = company;
    await page.goto(`${base}/app/upload`);
    await useLocale(page, 'ru');
    // The drop area (our own since @mantine/dropzone wants Node 22): a labelled button, the file it took shown.
    const drop = page.getByRole('button', { name: 'Перетащите файл сюда или нажмите, чтобы выбрать' });
    await drop.waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page
      .locator('input[type=file]')
      .setInputFiles({
        name: 'contract.pdf',
        mimeType: 'application/pdf',
        buffer: await samplePdf(title, 'Шарт жасалды. Договор заключён.'),
      });
    await expectText(page.getByTestId('dropzone'), 'contract.pdf');
    await page.getByLabel('Название').fill(title);
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByTestId('sign-as-sender').click();
    await expectText(page.getByTestId('document-status'), 'Подписан отправителем');
    await page.getByTestId('recipient-identifier-0').fill(PERSON_IIN);
    await page.getByTestId('send-document').click();
    await page.getByTestId('recipients').waitFor();
    await person.page.goto(`${base}/app/document/${id}`);
    await person.page.locator('[data-action=sign]').click();
    await expectText(person.page.getByTestId('document-status'), 'Подписан обеими сторонами');

    const original = Buffer.from('Шарт № 7. Сумма 1 000 000 ₸.', 'utf8');
    const cms = Buffer.from(await signAs('gost2015/ceo-sign', original), 'base64');
    const anyone = await newContext();
    for (const locale of LOCALES) {
      await page.goto(`${base}/app/documents/outbox`);
      await useLocale(page, locale);
      await page.getByTestId('documents-table').getByRole('link', { name: title }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `${locale}-list`);

      await page.goto(`${base}/app/document/${id}`);
      await page.getByTestId('signatures').locator('[data-indication]').nth(1).waitFor();
      await page.getByTestId('pdf-preview').locator('canvas').first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `${locale}-document-signed`);

      const card = await company.context.request.get(`${base}/api/v1/documents/${id}/card.pdf?lang=${locale}`);
      expect(card.status()).toBe(200);
      const pages = await pdfToPng(browser, await card.body(), path.join(SCREENSHOT_DIR, `${locale}-card.png`));
      expect(pages).toBeGreaterThan(0);

      await anyone.page.goto(`${base}/verify`);
      await useLocale(anyone.page, locale);
      const inputs = anyone.page.locator('input[type=file]');
      await inputs.nth(0).setInputFiles({ name: 'contract.p7s', mimeType: 'application/pkcs7-signature', buffer: cms });
      await inputs.nth(1).setInputFiles({ name: 'contract.txt', mimeType: 'text/plain', buffer: original });
      await anyone.page.getByTestId('verify-run').click();
      await anyone.page.getByTestId('verification-report').waitFor();
      await anyone.page.waitForLoadState('networkidle');
      await screenshot(anyone.page, `${locale}-verify-result`);
    }
    await anyone.context.close();
  });
});
