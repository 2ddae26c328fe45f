// Issue 20.4 and 20.6 in a real Chromium: a document signed in the cabinet (NCALayer emulator), its
// .p7s taken from the evidence package, checked on the public /verify page in ru and kk: the verdict
// is said in the same words as on the document page, the check details are in the page's language
// (no verifier English), and a PDF given as the signature is answered "not a signature".

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readZip } from '../../src/documents/evidence/evidence-spec-support';
import type { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';
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
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp } from '../utils/signature-test-app';

const COMPANY_BIN = '150140001239';
const COMPANY_KEYS = ['gost2015/ceo-sign', 'gost2015/ceo-auth'];
const NCALAYER_URL = 'ws://127.0.0.1:13580';
// Sentences of the verifier's English report that must never reach a ru/kk page.
const VERIFIER_ENGLISH = /CMS is|neither DER|no content was supplied|detached signature|is well-formed|Signature is/;

describeWithBrowser('one verdict in the cabinet and on /verify (Chromium)', () => {
  jest.setTimeout(120_000);

  let test: SignatureTestApp;
  let browser: Browser;
  let base: string;
  let emulator: { url: string; emulator: NcaLayerEmulator };
  let context: BrowserContext;
  let page: Page;
  let documentId: string;
  let pdf: Buffer;
  let p7s: Buffer;

  const textOf = async (testId: string) => (await page.getByTestId(testId).first().innerText()).trim();

  async function useLocale(locale: string) {
    await page.evaluate((l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', l), locale);
    await page.reload();
    await page.waitForFunction((l) => (globalThis as unknown as BrowserGlobals).document.documentElement.lang === l, locale);
  }

  async function verify(files: { cms: Buffer; cmsName: string; data?: Buffer }) {
    const inputs = page.locator('input[type=file]');
    await inputs.nth(0).setInputFiles({ name: files.cmsName, mimeType: 'application/octet-stream', buffer: files.cms });
    if (files.data) await inputs.nth(1).setInputFiles({ name: 'Договор.pdf', mimeType: 'application/pdf', buffer: files.data });
    await page.getByTestId('verify-run').click();
  }

  beforeAll(async () => {
    const webUiDir = buildWebUi();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    test = await createSignatureTestApp({ PUBLIC_URL: base, WEB_UI_DIR: webUiDir, NCALAYER_URL });
    await test.app.listen(port, '127.0.0.1');
    await forgetTestPkiIdentities(test.dataSource);
    emulator = await startEmulator(COMPANY_KEYS);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    await routeNcaLayer(context, NCALAYER_URL, () => emulator.url);
    page = await context.newPage();

    // Register by signing the offer, upload and sign a PDF: the emulator flow of web-cabinet.e2e-spec.ts.
    await page.goto(`${base}/register`);
    await page.getByText('Я прочитал(а) оферту').click();
    await page.getByTestId('register-sign').click();
    await page.getByTestId('registered-organization').filter({ hasText: COMPANY_BIN }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Перейти в кабинет' }).click();
    pdf = await samplePdf('Договор поставки № 20', '');
    await page.goto(`${base}/app/upload`);
    await page.locator('input[type=file]').setInputFiles({ name: 'Договор.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByLabel('Название').fill('Договор поставки № 20');
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);
    documentId = page.url().split('/').pop()!;
    await page.getByTestId('sign-as-sender').click();
    await page.getByTestId('document-status').filter({ hasText: 'Подписан отправителем' }).waitFor({ timeout: 30_000 });

    // The .p7s through the API, with the browser's session: the evidence package holds it.
    const zip = await context.request.get(`${base}/api/v1/documents/${documentId}/evidence.zip`);
    expect(zip.status()).toBe(200);
    const entry = readZip(await zip.body()).find((e) => e.name.endsWith('.p7s'));
    expect(entry).toBeDefined();
    p7s = entry!.data;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await emulator?.emulator.close();
    if (test) {
      await forgetTestPkiIdentities(test.dataSource);
      await test.close();
    }
  });

  it.each([
    ['ru', 'Подпись действительна', 'Хэш подписанного документа', 'не электронная подпись'],
    ['kk', 'Қолтаңба жарамды', 'Қол қойылған құжаттың хэші', 'электрондық қолтаңба'],
  ])(
    '%s: the same verdict words on the document page and on /verify; details in the language; a PDF is "not a signature"',
    async (locale, validWords, digestCheck, notASignature) => {
      await page.goto(`${base}/app/document/${documentId}`);
      await useLocale(locale);
      const badge = page.getByTestId('signer-report').first().locator('[data-indication]');
      await badge.waitFor();
      // textContent: the badge shows its words in capitals by CSS only.
      const onDocumentPage = ((await badge.textContent()) ?? '').trim();
      expect(onDocumentPage).toBe(validWords);

      // The .p7s with its document: the same verdict, in the same words.
      await page.goto(`${base}/verify`);
      await verify({ cms: p7s, cmsName: 'signature.p7s', data: pdf });
      const report = page.getByTestId('verification-report');
      await report.waitFor();
      const headline = page.locator('[data-testid=verification-report] [role=status]');
      expect(await headline.getAttribute('data-indication')).toBe('TOTAL_PASSED');
      expect(((await headline.locator('.mantine-Alert-title').textContent()) ?? '').trim()).toBe(onDocumentPage);
      expect(((await report.getByTestId('signer-report').locator('[data-indication]').textContent()) ?? '').trim()).toBe(
        onDocumentPage,
      );
      await screenshot(page, `${locale}-verify-verdict`);

      // The .p7s alone: INDETERMINATE for a stated reason, check details in the page's language.
      await page.reload();
      await verify({ cms: p7s, cmsName: 'signature.p7s' });
      await report.waitFor();
      expect(await headline.getAttribute('data-indication')).toBe('INDETERMINATE');
      const details = await textOf('failed-checks');
      expect(details).toContain(digestCheck);
      expect(details).not.toMatch(VERIFIER_ENGLISH);
      expect(await textOf('verdict-hint')).not.toMatch(VERIFIER_ENGLISH);
      const visible = await report.innerText();
      // The raw JSON stays folded under "details"; nothing of it shows.
      expect(visible.replace(/\{[\s\S]*\}/, '')).not.toMatch(VERIFIER_ENGLISH);

      // The document given as the signature: "not a signature" and what to upload, not "invalid".
      await page.reload();
      await verify({ cms: pdf, cmsName: 'Договор.pdf' });
      const alert = page.locator('[role=alert][data-error-code=NOT_A_SIGNATURE]');
      await alert.waitFor();
      expect(await alert.innerText()).toContain(notASignature);
      expect(await alert.innerText()).toContain('.p7s');
      expect(await page.getByTestId('verification-report').count()).toBe(0);
      await screenshot(page, `${locale}-verify-not-a-signature`);
    },
  );
});
