// Issue 20 §5 and §8 in a real Chromium, in ru and kk: the audit log in words and names with
// filters chosen from lists, the main user setting their e-mail, inviting with a role, and an
// invitation link opened with another person's key explained instead of silently logging in.

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_S3_CREDENTIALS, testS3Endpoint } from '../utils/backends';
import {
  buildWebUi,
  describeWithBrowser,
  freePort,
  launchChromium,
  routeNcaLayer,
  screenshot,
  startEmulator,
} from '../utils/browser';
import type { BrowserGlobals } from '../utils/browser';
import { startSmtpCatcher } from '../utils/smtp-catcher';
import { createSignatureTestApp, forgetTestPkiIdentities, SignatureTestApp, testPki } from '../utils/signature-test-app';
import type { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';

const COMPANY_BIN = '150140001239';
const COMPANY_KEYS = ['gost2015/ceo-sign', 'gost2015/ceo-auth'];
const NCALAYER_URL = 'ws://127.0.0.1:13580';
// What must never appear in the audit table: a raw action code, a bare id, a link label.
const RAW =
  /\b(organization|document|user|invitation|auth|session)\.[a-z_]+\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|link:/;

describeWithBrowser('web cabinet: people, rights and the audit log in words', () => {
  jest.setTimeout(120_000);

  let test: SignatureTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
  let browser: Browser;
  let base: string;
  let companyEmulator: { url: string; emulator: NcaLayerEmulator };
  let company: { context: BrowserContext; page: Page };
  const pageErrors: string[] = [];
  const employeeIin = () => testPki().get('gost2015/employee-sign').iin!;

  async function newPerson(locale: 'ru' | 'kk', emulatorUrl: () => string | null) {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    await context.addInitScript((l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('edo.locale', l), locale);
    await routeNcaLayer(context, NCALAYER_URL, emulatorUrl);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  async function choose(page: Page, testId: string, option: string, within?: ReturnType<Page['locator']>) {
    await (within ?? page).getByTestId(testId).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  async function auditTableText(page: Page) {
    await page.goto(`${base}/app/settings/audit`);
    await page.getByTestId('audit-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    return page.getByTestId('audit-table').innerText();
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
    // The member added by e-mail has no IIN of the test PKI: removed by its address.
    await test.dataSource.query(`DELETE FROM users WHERE email = 'buh@edo-test.kz'`);
    companyEmulator = await startEmulator(COMPANY_KEYS);
    browser = await launchChromium();
    company = await newPerson('ru', () => companyEmulator.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await companyEmulator?.emulator.close();
    if (test) {
      await forgetTestPkiIdentities(test.dataSource);
      await test.dataSource.query(`DELETE FROM users WHERE email = 'buh@edo-test.kz'`);
      await test.close();
    }
    await smtp?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('ru: the main user sets an e-mail, uploads, invites with a role; the audit log shows words and names, filtered from lists', async () => {
    const { page } = company;
    await page.goto(`${base}/register`);
    await page.getByText('Я прочитал(а) оферту').click();
    await page.getByTestId('register-sign').click();
    await page.getByTestId('registered-organization').filter({ hasText: COMPANY_BIN }).waitFor();
    await page.getByRole('button', { name: 'Перейти в кабинет' }).click();
    await page.getByTestId('organization-name').filter({ hasText: COMPANY_BIN }).waitFor();

    // Registered by ЭЦП without an e-mail: the cabinet says notifications cannot reach them, and lets them set one.
    await page.goto(`${base}/app/settings/notifications`);
    await page.getByTestId('my-email-missing').waitFor();
    await page.getByTestId('my-email-edit').click();
    await page.getByTestId('my-email-input').fill('director@');
    await page.getByText('Введите адрес вида name@example.kz').waitFor();
    await page.getByTestId('my-email-input').fill('director@edo-test.kz');
    await page.getByTestId('my-email-save').click();
    // Nothing changes until the mailbox answers: the cabinet says where the confirmation went.
    await page
      .getByTestId('my-email-pending')
      .filter({ hasText: 'Мы отправили письмо для подтверждения на director@edo-test.kz' })
      .waitFor();
    await page.getByTestId('my-email-missing').waitFor();
    // The link in the mail, opened in the same browser, confirms it.
    const mail = await smtp.waitForMailTo('director@edo-test.kz');
    const link = /(http\S+#confirm-email=[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
    expect(link?.startsWith(`${base}/app/settings/notifications#confirm-email=`)).toBe(true);
    // (A mail link opens a new tab of the same browser, signed in.)
    const fromMail = await company.context.newPage();
    fromMail.on('pageerror', (error) => pageErrors.push(error.message));
    await fromMail.goto(link!);
    await fromMail.getByTestId('my-email-value').filter({ hasText: 'director@edo-test.kz' }).waitFor();
    await fromMail.getByText('E-mail подтверждён и сохранён').waitFor();
    expect(await fromMail.getByTestId('my-email-pending').count()).toBe(0);
    // The token does not stay in the address bar.
    expect(fromMail.url()).toBe(`${base}/app/settings/notifications`);
    await fromMail.close();

    await page.goto(`${base}/app/upload`);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'akt.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 akt sverki') });
    await page.getByLabel('Название').fill('Акт сверки за декабрь');
    // The kind is the user's choice when the file name does not say it ("akt" is not guessed).
    await choose(page, 'upload-kind', 'Акт');
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/app\/document\/[0-9a-f-]{36}$/);

    // Inviting with a role: "prepare and send", shown in words in the invitations list.
    await page.goto(`${base}/app/settings/users`);
    await page.getByTestId('invite-iin').fill(employeeIin());
    await choose(page, 'rights-preset', 'Подготовка и отправка документов');
    await page.getByTestId('invite-submit').click();
    await page.getByTestId('invitation-row').filter({ hasText: 'Подготовка и отправка документов' }).waitFor();
    const [invitation] = await test.dataSource.query(`SELECT rights FROM invitations WHERE iin = $1`, [employeeIin()]);
    expect(invitation.rights).toEqual({ documents: 'write', signing: 'none', billing: 'none', administration: 'none' });

    // A member's rights are changed with the same roles (a member added by e-mail through the API).
    const csrf = (await company.context.cookies()).find((cookie) => cookie.name === 'edo_csrf')!.value;
    const added = await page.request.post(`${base}/api/v1/users`, {
      headers: { 'X-CSRF-Token': csrf },
      data: {
        fullName: 'Сәуле Есепшіқызы',
        email: 'buh@edo-test.kz',
        rights: { documents: 'read', signing: 'none', billing: 'none', administration: 'none' },
      },
    });
    expect(added.status()).toBe(201);
    await page.reload();
    const row = page.getByTestId('member-row').filter({ hasText: 'Сәуле Есепшіқызы' });
    await row.filter({ hasText: 'Просмотр документов' }).waitFor();
    await row.getByTestId('member-edit-rights').click();
    await choose(page, 'rights-preset', 'Бухгалтер: документы и оплата', page.getByRole('dialog'));
    await page.getByTestId('member-rights-save').click();
    await row.filter({ hasText: 'Бухгалтер: документы и оплата' }).waitFor();
    const [member] = await test.dataSource.query(
      `SELECT m.rights FROM memberships m JOIN users u ON u.id = m."userId" WHERE u.email = 'buh@edo-test.kz'`,
    );
    expect(member.rights).toEqual({ documents: 'write', signing: 'write', billing: 'write', administration: 'none' });

    const table = await auditTableText(page);
    expect(table).not.toMatch(RAW);
    expect(table).toContain('Изменение сотрудника');
    expect(table).toContain('Сотрудник «Сәуле Есепшіқызы»');
    for (const words of ['Регистрация организации', 'Изменение e-mail', 'Загрузка документа', 'Приглашение сотрудника']) {
      expect(table).toContain(words);
    }
    expect(table).toContain('«Акт сверки за декабрь»');
    expect(table).toContain(`Приглашение для ИИН ${employeeIin()}`);
    const [head] = await test.dataSource.query(`SELECT "fullName" FROM users WHERE email = 'director@edo-test.kz'`);
    expect(table).toContain(head.fullName);
    await page.getByRole('link', { name: '«Акт сверки за декабрь»' }).waitFor();

    // Filters are chosen from lists, not typed codes.
    await choose(page, 'audit-action-filter', 'Загрузка документа');
    await page.waitForLoadState('networkidle');
    // Only lines of the chosen action remain.
    await page.locator('[data-testid=audit-row]:not([data-action="document.upload"])').first().waitFor({ state: 'detached' });
    await page.getByTestId('audit-row').first().waitFor();
    await choose(page, 'audit-actor-filter', head.fullName);
    await page.getByTestId('audit-row').first().waitFor();
    await screenshot(page, 'ru-settings-audit-people');
  });

  it('ru: an invitation link opened with another person’s key explains why it was not used and offers the own cabinet', async () => {
    const [invitation] = await test.dataSource.query(`SELECT id FROM invitations WHERE iin = $1`, [employeeIin()]);
    // The head's own key on the employee's invitation link.
    const other = await newPerson('ru', () => companyEmulator.url);
    await other.page.goto(`${base}/login?invitation=${invitation.id}`);
    await other.page.getByTestId('invitation-note').waitFor();
    await other.page.getByTestId('login-signature').click();
    const refused = other.page.getByTestId('invitation-refused');
    await refused.filter({ hasText: 'Приглашение не использовано' }).waitFor();
    const text = await refused.innerText();
    expect(text).toContain(testPki().get('gost2015/ceo-auth').iin!);
    expect(text).toContain(`${employeeIin().slice(0, 2)}••••••••${employeeIin().slice(-2)}`);
    expect(other.page.url()).toContain('/login');
    await screenshot(other.page, 'ru-login-invitation-other-person');
    const [still] = await test.dataSource.query(`SELECT "acceptedAt", "revokedAt" FROM invitations WHERE id = $1`, [
      invitation.id,
    ]);
    expect(still).toEqual({ acceptedAt: null, revokedAt: null });

    // Only on their choice does the key holder go to their own cabinet.
    await other.page.getByTestId('invitation-continue-own').click();
    await other.page.waitForURL(/\/app\/documents\/inbox/);
    await other.page.getByTestId('organization-name').filter({ hasText: COMPANY_BIN }).waitFor();
    await other.context.close();
  });

  it('kk: the audit log and the invitation refusal speak Kazakh, without codes or ids', async () => {
    const kk = await newPerson('kk', () => companyEmulator.url);
    const [invitation] = await test.dataSource.query(`SELECT id FROM invitations WHERE iin = $1`, [employeeIin()]);
    await kk.page.goto(`${base}/login?invitation=${invitation.id}`);
    await kk.page.getByTestId('login-signature').click();
    await kk.page.getByTestId('invitation-refused').filter({ hasText: 'Шақыру пайдаланылмады' }).waitFor();
    await screenshot(kk.page, 'kk-login-invitation-other-person');
    await kk.page.getByTestId('invitation-continue-own').click();
    await kk.page.waitForURL(/\/app\/documents\/inbox/);

    const table = await auditTableText(kk.page);
    expect(table).not.toMatch(RAW);
    for (const words of ['Ұйымды тіркеу', 'E-mail өзгерту', 'Құжатты жүктеу', 'Қызметкерді шақыру', 'ЭЦҚ арқылы кіру']) {
      expect(table).toContain(words);
    }
    await choose(kk.page, 'audit-action-filter', 'Ұйымды тіркеу');
    // Only lines of the chosen action remain.
    await kk.page
      .locator('[data-testid=audit-row]:not([data-action="organization.register"])')
      .first()
      .waitFor({ state: 'detached' });
    await kk.page.getByTestId('audit-row').first().waitFor();
    await screenshot(kk.page, 'kk-settings-audit-people');
    await kk.context.close();
  });
});
