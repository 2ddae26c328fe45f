// The cabinet's lists and drafts in Chromium, in ru and kk (issue 20: 1, 7, 9, 10): the date
// filter finds every December document (one without a document date), search finds by the
// counterparty's name, part of its BIN/IIN and a tag, a refused filter ends the spinner with
// what to do, a draft is edited and deleted, and a .txt upload is not silently a contract.
// One app, one browser; the documents are made through the API, the cabinet is what is looked at.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import { buildWebUi, describeWithBrowser, freePort, launchChromium, screenshot } from '../utils/browser';
import { DocOrg, uploadRequest, UploadFields } from '../utils/documents';
import { createSignatureTestApp, forgetTestPkiIdentities, signAs, SignatureTestApp } from '../utils/signature-test-app';
import { OPERATOR_TOKEN } from '../utils/test-app';

const SENDER_BIN = '150140001239';
const RECIPIENT_IIN = '850315300128';
const SENDER_KEY = 'rsa/ceo-sign';
const PASSWORD = 'correct horse battery';

// What each locale's page says (the texts the test waits for).
const TEXT = {
  ru: { invalid: 'Фильтры заданы неверно', deleted: 'Черновик удалён', other: 'Другое', contract: 'Договор' },
  kk: { invalid: 'Сүзгілер қате көрсетілген', deleted: 'Жоба жойылды', other: 'Басқа', contract: 'Шарт' },
} as const;

describeWithBrowser('cabinet lists and drafts in Chromium', () => {
  jest.setTimeout(180_000);

  let test: SignatureTestApp;
  let browser: Browser;
  let base: string;
  let sender: DocOrg & { email: string };
  const tag = `склад-${randomUUID().slice(0, 6)}`;
  const december: string[] = [];
  let november: string;
  const pageErrors: string[] = [];

  async function organization(identifier: string, kind: string, name: string) {
    const email = `head-${identifier}-${Date.now()}@example.kz`;
    const response = await test.http
      .post('/api/v1/operator/organizations')
      .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
      .send({ identifier, kind, name, mainUser: { fullName: 'Тестов Тест', email, password: PASSWORD } })
      .expect(201);
    const key = response.body.apiKey.secret as string;
    return { id: response.body.organization.id as string, identifier, key, auth: { Authorization: `Bearer ${key}` }, email };
  }

  const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(512)]);

  // Uploaded at `at` (the test clock), then signed and sent to the registered recipient.
  async function sentDocument(fields: UploadFields, at?: string): Promise<string> {
    const bytes = pdf();
    if (at) test.clock.set(new Date(at));
    let id: string;
    try {
      id = (await uploadRequest(test, sender, bytes, fields).expect(201)).body.id as string;
    } finally {
      test.clock.set(new Date());
    }
    await test.http
      .post(`/api/v1/documents/${id}/signatures`)
      .set(sender.auth)
      .send({ cms: await signAs(SENDER_KEY, bytes) })
      .expect(201);
    await test.http
      .post(`/api/v1/documents/${id}/send`)
      .set(sender.auth)
      .send({ recipients: [{ identifier: RECIPIENT_IIN }] })
      .expect(201);
    return id;
  }

  async function loggedIn(locale: 'ru' | 'kk'): Promise<Page> {
    const context = await browser.newContext({
      locale: locale === 'ru' ? 'ru-RU' : 'kk-KZ',
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/login`);
    await page.locator('input[type=email]').fill(sender.email);
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.locator('input[type=password]').press('Enter');
    await page.waitForURL(/\/app\//);
    return page;
  }

  const rows = (page: Page) => page.getByTestId('documents-table').locator('tbody tr');
  async function listedIds(page: Page): Promise<string[]> {
    await page.getByTestId('documents-table').waitFor();
    return rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-document-id') ?? ''));
  }
  // Fills the filter fields (by their order in the form) and submits.
  async function filter(page: Page, box: string, values: { q?: string; counterparty?: string; from?: string; to?: string }) {
    await page.goto(`${base}/app/documents/${box}`);
    const form = page.locator('form').first();
    const texts = form.locator('input:not([type=date]):not([readonly])');
    if (values.q !== undefined) await texts.nth(0).fill(values.q);
    if (values.counterparty !== undefined) await form.locator('input[inputmode=numeric]').fill(values.counterparty);
    if (values.from) await form.locator('input[type=date]').nth(0).fill(values.from);
    if (values.to) await form.locator('input[type=date]').nth(1).fill(values.to);
    await form.locator('button[type=submit]').click();
  }

  beforeAll(async () => {
    const webUiDir = buildWebUi();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    test = await createSignatureTestApp({
      S3_ENDPOINT: testS3Endpoint(),
      ...TEST_S3_CREDENTIALS,
      PUBLIC_URL: base,
      WEB_UI_DIR: webUiDir,
    });
    await test.app.listen(port, '127.0.0.1');
    await forgetTestPkiIdentities(test.dataSource);
    sender = await organization(SENDER_BIN, 'legal_entity', 'ТОО "ЭДО ТЕСТ"');
    await organization(RECIPIENT_IIN, 'individual', 'ИП Тестова');
    // Three December documents: one dated, two without a document date (one uploaded at 23:30
    // on 31 December in Almaty, 18:30 UTC); and one uploaded at 23:00 on 30 November in Almaty.
    december.push(await sentDocument({ title: 'Акт сверки', documentDate: '2026-12-05', tags: [tag] }, '2026-11-20T06:00:00Z'));
    december.push(await sentDocument({ title: 'Счёт без даты', tags: [tag] }, '2026-12-31T18:30:00Z'));
    december.push(await sentDocument({ title: 'Накладная без даты', tags: [tag] }, '2026-12-02T06:00:00Z'));
    november = await sentDocument({ title: 'Ноябрьский', tags: [tag] }, '2026-11-30T18:00:00Z');
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (test) {
      await forgetTestPkiIdentities(test.dataSource);
      await test.close();
    }
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it.each(['ru', 'kk'] as const)('%s: filters, search, errors, drafts and the kind of an upload', async (locale) => {
    const text = TEXT[locale];
    const page = await loggedIn(locale);

    // 1. The December date filter finds all three December documents, not the November one.
    await filter(page, 'outbox', { from: '2026-12-01', to: '2026-12-31' });
    let listed = await listedIds(page);
    expect(listed).toEqual(expect.arrayContaining(december));
    expect(listed).not.toContain(november);
    // 10. The outbox names the recipient, its IIN below.
    const counterparty = page.locator(`tr[data-document-id="${december[0]}"] [data-counterparty="${RECIPIENT_IIN}"]`);
    await counterparty.filter({ hasText: 'ИП Тестова' }).waitFor();
    await screenshot(page, `lists-outbox-december-${locale}`);

    // 7. Search by the counterparty's name, part of its IIN (counterparty filter), a tag.
    await filter(page, 'outbox', { q: 'Тестова' });
    expect(await listedIds(page)).toEqual(expect.arrayContaining(december));
    await filter(page, 'outbox', { counterparty: '5031530' });
    expect(await listedIds(page)).toEqual(expect.arrayContaining(december));
    await filter(page, 'outbox', { q: tag });
    listed = await listedIds(page);
    expect(listed.sort()).toEqual([...december, november].sort());

    // An invalid filter (a search longer than the server takes): no endless spinner, words
    // saying what to do, and a way back.
    await filter(page, 'outbox', { q: 'я'.repeat(201) });
    const error = page.getByTestId('list-error');
    await error.filter({ hasText: text.invalid }).waitFor();
    expect(await page.locator('.mantine-Loader-root').count()).toBe(0);
    await screenshot(page, `lists-invalid-filter-${locale}`);
    await error.getByRole('button').click();
    await page.getByTestId('documents-table').waitFor();

    // 9. A draft: its title edited, then deleted.
    const draft = (await uploadRequest(test, sender, pdf(), { title: `Черновик ${locale}` }).expect(201)).body.id as string;
    await page.goto(`${base}/app/document/${draft}`);
    await page.getByTestId('draft-edit').click();
    await page.getByTestId('draft-title').fill(`Исправленный ${locale}`);
    await page.getByTestId('draft-save').click();
    await page
      .getByTestId('document-title')
      .filter({ hasText: `Исправленный ${locale}` })
      .waitFor();
    await page.getByTestId('draft-delete').click();
    await page.getByTestId('draft-delete-confirm').click();
    await page.waitForURL(/\/app\/documents\/drafts$/);
    await page.getByTestId('list-notice').filter({ hasText: text.deleted }).waitFor();
    await test.http.get(`/api/v1/documents/${draft}`).set(sender.auth).expect(404);
    expect(await page.locator(`tr[data-document-id="${draft}"]`).count()).toBe(0);

    // A .txt upload: no kind until the user chooses one, and a note that it cannot be previewed.
    await page.goto(`${base}/app/upload`);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Просто заметки\n') });
    await page.getByTestId('unknown-type').waitFor();
    expect(await page.getByTestId('upload-kind').inputValue()).toBe('');
    expect(await page.getByTestId('upload-submit').isDisabled()).toBe(true);
    await screenshot(page, `lists-upload-txt-${locale}`);
    await page.getByTestId('upload-kind').click();
    await page.getByRole('option', { name: text.other, exact: true }).click();
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);
    const uploaded = page.url().split('/').pop()!;
    const view = await test.http.get(`/api/v1/documents/${uploaded}`).set(sender.auth).expect(200);
    expect(view.body.kind).toBe('other');
    expect(view.body.kind).not.toBe('contract');
    await page.context().close();
  });
});
