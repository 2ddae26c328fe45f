import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileMailSender } from '../../src/common/mail/file-mail-sender';
import { SmtpMailSender } from '../../src/common/mail/smtp-mail-sender';
import { parseMail, startSmtpCatcher } from '../utils/smtp-catcher';

const message = {
  to: 'buhgalter@example.kz',
  subject: 'Кіріс құжат: Шарт № 15 / Входящий документ',
  text: 'Сізге жаңа құжат келді. Вам поступил документ.\nhttps://edo.example.kz/d/abc',
};

describe('mail: SMTP adapter against a real SMTP server', () => {
  let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
  beforeAll(async () => {
    catcher = await startSmtpCatcher();
  });
  afterAll(() => catcher.close());

  it('delivers a Kazakh/Russian message with its envelope intact', async () => {
    const sender = new SmtpMailSender(catcher.url, 'EDO <no-reply@edo.kz>');
    await sender.ping();
    const id = await sender.send(message);
    expect(id).toMatch(/@/);
    const [mail] = await catcher.waitFor(1);
    expect(mail.from).toBe('no-reply@edo.kz');
    expect(mail.to).toEqual(['buhgalter@example.kz']);
    expect(mail.subject).toBe(message.subject);
    expect(mail.text.trim()).toBe(message.text);
    sender.close();
  });

  it('fails its health probe when the server is not there', async () => {
    const sender = new SmtpMailSender('smtp://127.0.0.1:1', 'EDO <no-reply@edo.kz>');
    await expect(sender.ping()).rejects.toThrow();
    sender.close();
  });
});

describe('mail: file adapter (embedded default)', () => {
  it('writes each message as a complete .eml file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edo-mail-'));
    const sender = new FileMailSender(dir, 'EDO <no-reply@edo.kz>');
    await sender.send(message);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = parseMail(readFileSync(path.join(dir, files[0]), 'utf8'));
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text.trim()).toBe(message.text);
  });
});
