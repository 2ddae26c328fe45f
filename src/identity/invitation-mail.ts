import { formatDateTime } from '../contracts/locale-format';

// The invitation mail's expiry, in Russian and in Kazakh (the mail is bilingual: the invited
// person's language is not known yet), in Almaty time as the cabinet shows it — not as an ISO
// instant in UTC ("2026-12-21T13:04:54.047Z"), which read as a time three or five hours off.
export function invitationExpiryLines(expiresAt: Date): string[] {
  return [
    `Приглашение действует до ${formatDateTime(expiresAt, 'ru')} (время Алматы).`,
    `Шақыру ${formatDateTime(expiresAt, 'kk')} (Алматы уақыты) дейін жарамды.`,
  ];
}
