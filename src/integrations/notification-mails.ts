import type { OrganizationEvent } from './organization-event.entity';

export interface MailText {
  subject: string;
  text: string;
}

// Kazakh first, then Russian, in one message: the recipient's language is not known.
const PHRASES: Record<string, { kk: string; ru: string }> = {
  'document.received': { kk: 'Сізге жаңа құжат келді', ru: 'Вам поступил новый документ' },
  'document.signed_by_recipient': { kk: 'Контрагент құжатқа қол қойды', ru: 'Контрагент подписал документ' },
  'document.refused': { kk: 'Контрагент құжатқа қол қоюдан бас тартты', ru: 'Контрагент отказался подписать документ' },
  'document.correction_requested': { kk: 'Контрагент құжатты түзетуді сұрады', ru: 'Контрагент запросил исправление документа' },
  'document.annulment_offered': { kk: 'Құжаттың күшін жою ұсынылды', ru: 'Предложено аннулировать документ' },
  'document.annulment_accepted': { kk: 'Құжаттың күшін жою қабылданды', ru: 'Аннулирование документа принято' },
  'document.annulment_rejected': { kk: 'Құжаттың күшін жоюдан бас тартылды', ru: 'В аннулировании документа отказано' },
};

function shortText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(/[\r\n\t]+/g, ' ').trim();
  if (!clean) return undefined;
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

// "«Договор № 15»", from what the feed event carries.
function documentLabel(event: Pick<OrganizationEvent, 'data' | 'documentId'>): string {
  const title = shortText(event.data.title, 150);
  const number = shortText(event.data.number, 50);
  if (title && number) return `«${title}» № ${number}`;
  if (title) return `«${title}»`;
  if (number) return `№ ${number}`;
  return event.documentId;
}

// The document's page in the web cabinet (web/src/main.tsx: /app/document/:id).
export function documentUrl(publicUrl: string, documentId: string): string {
  return `${publicUrl}/app/document/${documentId}`;
}

// Where an administrator manages the webhooks (the settings page's webhooks tab).
export function webhooksUrl(publicUrl: string): string {
  return `${publicUrl}/app/settings/webhooks`;
}

export function eventMail(event: OrganizationEvent, publicUrl: string): MailText {
  const phrase = PHRASES[event.type];
  if (!phrase) throw new Error(`no notification text for ${event.type}`);
  const label = documentLabel(event);
  const reason = shortText(event.data.reason, 500);
  const link = documentUrl(publicUrl, event.documentId);
  const text = [
    'Сәлеметсіз бе!',
    `${phrase.kk}: ${label}.`,
    ...(reason ? [`Себебі: ${reason}`] : []),
    `Құжатты ашу: ${link}`,
    '',
    'Здравствуйте!',
    `${phrase.ru}: ${label}.`,
    ...(reason ? [`Причина: ${reason}`] : []),
    `Открыть документ: ${link}`,
    '',
    '—',
    'ЭҚА / ЭДО',
  ].join('\n');

  return { subject: `${phrase.kk} / ${phrase.ru}: ${label}`.slice(0, 300), text };
}

export function digestMail(awaiting: OrganizationEvent[], more: boolean, publicUrl: string): MailText {
  const lines = awaiting.map((event) => `• ${documentLabel(event)} — ${documentUrl(publicUrl, event.documentId)}`);
  if (more) lines.push('• …');
  const text = [
    'Сәлеметсіз бе!',
    `Соңғы тәулікте келген ${awaiting.length}${more ? '+' : ''} құжат сіздің әрекетіңізді күтуде:`,
    '',
    'Здравствуйте!',
    `${awaiting.length}${more ? '+' : ''} документ(ов), поступивших за последние сутки, ожидают вашего действия:`,
    '',
    ...lines,
    '',
    '—',
    'ЭҚА / ЭДО',
  ].join('\n');

  return { subject: 'Әрекетті күтетін құжаттар / Документы, ожидающие действия', text };
}

export function webhookDisabledMail(input: { url: string; failures: number; publicUrl: string }): MailText {
  const text = [
    'Сәлеметсіз бе!',
    `${input.url} веб-хугы қатарынан ${input.failures} рет жеткізілмегендіктен өшірілді.`,
    'Қабылдағышты тексеріп, веб-хукты қайта қосыңыз (POST /api/v1/webhooks/{id}/enable).',
    '',
    'Здравствуйте!',
    `Веб-хук ${input.url} отключён: ${input.failures} доставок подряд не удались.`,
    'Проверьте получателя и включите веб-хук снова (POST /api/v1/webhooks/{id}/enable).',
    '',
    webhooksUrl(input.publicUrl),
  ].join('\n');

  return { subject: 'Веб-хук өшірілді / Веб-хук отключён', text };
}
