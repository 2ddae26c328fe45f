import { MailJobHandler, mailSubject } from './mail-job.handler';

describe('mail subject', () => {
  it('is one line without bidi controls whatever title went into it', () => {
    expect(mailSubject('Документ: Акт\r\nBcc: victim@example.kz')).toBe('Документ: Акт Bcc: victim@example.kz');
    expect(mailSubject('Счёт \u202Efdp.exe\u202C')).toBe('Счёт fdp.exe');
    expect(mailSubject('a\u2066b\u2069\tc\u0000')).toBe('a b c');
    expect(mailSubject('\r\n')).toBe('-');
    expect(mailSubject('Договор № 7 «Поставка»')).toBe('Договор № 7 «Поставка»');
  });
});

describe('mail job', () => {
  type Handler = (payload: Record<string, unknown>, job: { id: string }) => Promise<void>;
  const setUp = () => {
    let handler: Handler | undefined;
    const sent: unknown[] = [];
    const blanked: string[] = [];
    const registry = { register: (_name: string, run: Handler) => (handler = run) };
    const sender = { send: async (message: unknown) => void sent.push(message) };
    const secrets = {
      reveal: (payload: { text: string }) => ({ ...payload, text: payload.text.replace('{{secret}}', 'TOKEN') }),
    };
    const jobs = { redactPayload: async (id: string) => void blanked.push(id) };
    new MailJobHandler(registry as never, sender as never, secrets as never, jobs as never).onModuleInit();
    return { run: handler!, sent, blanked };
  };
  const payload = { to: 'a@example.kz', subject: 'Документ', text: 'https://edo.kz/l/{{secret}}' };

  it('sends a mail with its secret, then blanks the stored secret', async () => {
    const { run, sent, blanked } = setUp();
    await run({ ...payload, sealedSecret: 'sealed' }, { id: 'job-1' });
    expect(sent).toEqual([expect.objectContaining({ text: 'https://edo.kz/l/TOKEN' })]);
    expect(blanked).toEqual(['job-1']);
  });

  it('does not send again once the secret was blanked (a retry after the mail went out): no link with a placeholder', async () => {
    const { run, sent } = setUp();
    await run({ ...payload, sealedSecret: '' }, { id: 'job-1' });
    expect(sent).toEqual([]);
  });

  it('sends a mail without a secret, whatever its text holds', async () => {
    const { run, sent } = setUp();
    await run({ ...payload, text: 'Документ «{{secret}}» подписан' }, { id: 'job-2' });
    expect(sent).toHaveLength(1);
  });
});
