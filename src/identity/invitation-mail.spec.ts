import { invitationExpiryLines } from './invitation-mail';

describe('invitation mail: expiry', () => {
  it('says until when, in Almaty time, in Russian and Kazakh, without an ISO timestamp', () => {
    const lines = invitationExpiryLines(new Date('2026-12-21T13:04:54.047Z'));
    expect(lines).toEqual([
      'Приглашение действует до 21.12.2026 18:04 (время Алматы).',
      'Шақыру 21.12.2026 18:04 (Алматы уақыты) дейін жарамды.',
    ]);
    expect(lines.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:|Z\b/);
  });

  it('near midnight the Almaty day is the one written', () => {
    expect(invitationExpiryLines(new Date('2026-12-31T19:30:00Z'))[0]).toBe(
      'Приглашение действует до 01.01.2027 00:30 (время Алматы).',
    );
  });
});
