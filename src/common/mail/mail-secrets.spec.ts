import { loadConfig } from '../../config/app-config';
import { MAIL_SECRET_PLACEHOLDER, MailSecrets } from './mail-secrets';

describe('MailSecrets', () => {
  const secrets = new MailSecrets(loadConfig({ NODE_ENV: 'test' }));
  const token = 'aTokenOf43CharactersAAAAAAAAAAAAAAAAAAAAAAA';

  it('seals the secret (never in plain) and puts it back where the placeholders are', () => {
    const sealed = secrets.seal(token, 'Someone@Example.kz');
    expect(sealed).not.toContain(token);
    const message = secrets.reveal({
      to: 'someone@example.kz',
      subject: 's',
      text: `a ${MAIL_SECRET_PLACEHOLDER} b ${MAIL_SECRET_PLACEHOLDER}`,
      html: `<a href="/l/${MAIL_SECRET_PLACEHOLDER}">`,
      sealedSecret: sealed,
    });
    expect(message).toEqual({
      to: 'someone@example.kz',
      subject: 's',
      text: `a ${token} b ${token}`,
      html: `<a href="/l/${token}">`,
    });
  });

  it('does not open a secret sealed for another address', () => {
    const sealed = secrets.seal(token, 'a@example.kz');
    expect(() =>
      secrets.reveal({ to: 'b@example.kz', subject: 's', text: MAIL_SECRET_PLACEHOLDER, sealedSecret: sealed }),
    ).toThrow();
  });

  it('is required with a configured key in production', () => {
    expect(() => new MailSecrets({ ...loadConfig({ NODE_ENV: 'test' }), isProduction: true } as never)).toThrow(
      /WEBHOOK_SECRET_KEY/,
    );
  });
});
