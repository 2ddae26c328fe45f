// Issue 20 point 2 in a real Chromium, in ru and kk: the send form checks the IIN/BIN's check
// digit as it is typed, names a registered participant, asks before sending by link to an
// unregistered one; a document sent to a mistyped IIN goes to the corrected one without signing
// again; once the outsider answered, its link is no longer offered for revoking (point 10).
// One app, one browser, one NCALayer emulator for the sender and one for the outsider.

import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { kzIdentifierCheckDigit, withKzCheckDigit } from '../../src/common/identifiers/kz-identifier';
import type { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { buildWebUi, describeWithBrowser, launchChromium, routeNcaLayer, screenshot, startEmulator } from '../utils/browser';
import type { BrowserGlobals } from '../utils/browser';
import { operatorOrganization } from '../utils/documents';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp } from '../utils/signature-test-app';
import { startSmtpCatcher } from '../utils/smtp-catcher';

const COMPANY_BIN = '150140001239';
const PERSON_IIN = '850315300128';
// The typo: PERSON_IIN with a wrong last digit.
const MISTYPED_IIN = '850315300129';
const COMPANY_KEYS = ['gost2015/ceo-sign', 'gost2015/ceo-auth'];
const PERSON_KEYS = ['gost2015/individual-sign', 'gost2015/individual-auth'];
const NCALAYER_URL = 'ws://127.0.0.1:13580';

// Valid check digit, nobody's certificate, new on every run.
function randomIdentifier(): string {
  for (;;) {
    const first11 = `9${String(randomBytes(6).readUIntBE(0, 6) % 1e10).padStart(10, '0')}`;
    if (kzIdentifierCheckDigit(first11) !== undefined) return withKzCheckDigit(first11);
  }
}

describeWithBrowser('web cabinet: sending to the right recipient', () => {
  jest.setTimeout(120_000);

  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let browser: Browser;
  let base: string;
  let companyEmulator: { url: string; emulator: NcaLayerEmulator };
  let personEmulator: { url: string; emulator: NcaLayerEmulator };
  let company: { context: BrowserContext; page: Page };
  const counterpartyBin = randomIdentifier();
  const strangerIin = randomIdentifier();
  const pageErrors: string[] = [];

  const signRequests = (emulator: NcaLayerEmulator) =>
    emulator.received.filter((r) => (r as { method?: string }).method === 'sign').length;

  async function newPerson(emulatorUrl: () => string | null): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    await routeNcaLayer(context, NCALAYER_URL, emulatorUrl);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  async function expectText(locator: ReturnType<Page['locator']>, text: string) {
    await locator.filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
  }

  async function setLocale(page: Page, locale: 'ru' | 'kk') {
    await page.evaluate((l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', l), locale);
    await page.reload();
  }

  async function uploadAndSign(page: Page, title: string): Promise<string> {
    await page.goto(`${base}/app/upload`);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: `${title}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n${title}\n`) });
    await page.getByLabel('Название').fill(title);
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);
    await page.getByTestId('sign-as-sender').click();
    await page.getByTestId('send-form').waitFor();
    return page.url().split('/').pop()!;
  }

  beforeAll(async () => {
    const webUiDir = buildWebUi();
    smtp = await startSmtpCatcher();
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      SMTP_URL: smtp.url,
      WEB_UI_DIR: webUiDir,
      NCALAYER_URL,
    });
    await test.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(test.app.getHttpServer().address() as { port: number }).port}`;
    await forgetTestPkiIdentities(test.dataSource);
    await operatorOrganization(test, counterpartyBin, 'legal_entity', 'ТОО «Контрагент»');
    companyEmulator = await startEmulator(COMPANY_KEYS);
    personEmulator = await startEmulator(PERSON_KEYS);
    browser = await launchChromium();
    company = await newPerson(() => companyEmulator.url);
    // The company registers by signing the offer (as web-cabinet.e2e-spec.ts does).
    await company.page.goto(`${base}/register`);
    await company.page.getByText('Я прочитал(а) оферту').click();
    await company.page.getByTestId('register-sign').click();
    await expectText(company.page.getByTestId('registered-organization'), COMPANY_BIN);
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

  for (const [locale, words] of [
    [
      'kk',
      { checksum: 'ЖСН/БСН қате', registered: 'Сервисте тіркелген: ТОО «Контрагент»', unregistered: 'сервисте тіркелмеген' },
    ],
    [
      'ru',
      {
        checksum: 'Неверный ИИН/БИН',
        registered: 'Зарегистрирован в сервисе: ТОО «Контрагент»',
        unregistered: 'не зарегистрирован в сервисе',
      },
    ],
  ] as const) {
    it(`${locale}: refuses a wrong check digit as it is typed, names a registered BIN, asks before sending by link`, async () => {
      const { page } = company;
      await uploadAndSign(page, `Договор ${locale}`);
      await setLocale(page, locale);
      const identifier = page.getByTestId('recipient-identifier-0');
      const send = page.getByTestId('send-document');

      await identifier.fill(MISTYPED_IIN);
      await expectText(page.getByTestId('recipient-error-0'), words.checksum);
      expect(await identifier.getAttribute('aria-invalid')).toBe('true');
      expect(await send.isDisabled()).toBe(true);

      await identifier.fill(counterpartyBin);
      await expectText(page.getByTestId('recipient-hint-0'), words.registered);
      expect(await page.getByTestId('recipient-error-0').count()).toBe(0);
      expect(await send.isEnabled()).toBe(true);

      // A valid IIN nobody registered: sent only after confirming that it goes by link.
      await identifier.fill(strangerIin);
      await page.getByTestId('recipient-email-0').fill(`stranger-${locale}@example.kz`);
      await send.click();
      const confirm = page.getByTestId('confirm-unregistered-body');
      await expectText(confirm, words.unregistered);
      await expectText(confirm, strangerIin);
      await expectText(confirm, `stranger-${locale}@example.kz`);
      if (locale === 'ru') await screenshot(page, 'ru-send-confirm-unregistered');
      await page.getByTestId('confirm-send').click();
      await page.locator(`[data-recipient="${strangerIin}"]`).waitFor();
      await setLocale(page, 'ru');
    });
  }

  it('re-sends the signed document to the corrected recipient without signing again; no revoking an answered link', async () => {
    const { page } = company;
    const id = await uploadAndSign(page, 'Договор поставки № 5');
    // Sent to a wrong (valid, unregistered) IIN.
    await page.getByTestId('recipient-identifier-0').fill(strangerIin);
    await page.getByTestId('recipient-email-0').fill('wrong@example.kz');
    await page.getByTestId('send-document').click();
    await page.getByTestId('confirm-send').click();
    await page.locator(`[data-recipient="${strangerIin}"]`).waitFor();
    const wrongLink = /\/l\/[A-Za-z0-9_-]+/.exec((await smtp.waitForMailTo('wrong@example.kz', 30_000)).text)![0];
    const signsBefore = signRequests(companyEmulator.emulator);

    await page.locator(`[data-recipient="${strangerIin}"]`).getByTestId('replace-recipient').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('recipient-identifier-0').fill(PERSON_IIN);
    await dialog.getByTestId('recipient-email-0').fill('person@example.kz');
    await dialog.getByTestId('replace-submit').click();
    await page.getByTestId('confirm-send').click();
    await page.locator(`[data-recipient="${PERSON_IIN}"]`).waitFor();
    await page.locator(`[data-recipient="${strangerIin}"][data-withdrawn=true]`).getByTestId('recipient-withdrawn').waitFor();
    await screenshot(page, 'ru-document-recipient-replaced');

    // Nothing was asked of NCALayer, and the document carries one signature, the sender's.
    expect(signRequests(companyEmulator.emulator)).toBe(signsBefore);
    const signatures = await test.dataSource.query(`SELECT role FROM document_signatures WHERE "documentId" = $1`, [id]);
    expect(signatures).toEqual([{ role: 'sender' }]);

    // The wrong recipient's link is dead; the corrected one signs through its own.
    const late = await newPerson(() => null);
    await late.page.goto(`${base}${wrongLink}`);
    await expectText(late.page.getByTestId('link-problem'), 'Отправитель отозвал эту ссылку');
    await late.context.close();
    const link = /\/l\/[A-Za-z0-9_-]+/.exec((await smtp.waitForMailTo('person@example.kz', 30_000)).text)![0];
    const outsider = await newPerson(() => personEmulator.url);
    await outsider.page.goto(`${base}${link}`);
    await outsider.page.locator('[data-action=sign]').click();
    await outsider.page.getByTestId('link-done').waitFor();
    await outsider.context.close();

    await page.reload();
    await expectText(page.getByTestId('document-status'), 'Подписан обеими сторонами');
    const answered = page.locator(`[data-recipient="${PERSON_IIN}"]`);
    await answered.waitFor();
    expect(await answered.getByRole('button', { name: 'Отозвать ссылку' }).count()).toBe(0);
    expect(await answered.getByTestId('replace-recipient').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Отозвать ссылку' }).count()).toBe(0);
  });
});
