import { defineErrors } from '../common/errors/error-definitions';

// Error codes of webhooks and notification preferences.
// defineErrors makes a code without an HTTP status or a message in kk, ru and en fail to compile;
// src/error-codes.ts merges every module's codes and refuses a code defined twice.
export enum IntegrationsErrorCode {
  /** The webhook URL is refused: not http(s), credentials in it, a private address (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES), or (in production) not https; `details.problem` says which. */
  WebhookUrlInvalid = 'WEBHOOK_URL_INVALID',
  /** The organization already has the maximum number of webhooks (20). */
  WebhookLimitReached = 'WEBHOOK_LIMIT_REACHED',
  /** Notification preferences belong to a signed-in user; an API key has none. */
  NotificationPreferencesUserOnly = 'NOTIFICATION_PREFERENCES_USER_ONLY',
}

export const INTEGRATIONS_ERRORS = defineErrors(IntegrationsErrorCode, {
  [IntegrationsErrorCode.WebhookUrlInvalid]: {
    status: 400,
    messages: {
      en: 'This webhook URL cannot be used.',
      ru: 'Этот адрес веб-хука использовать нельзя.',
      kk: 'Бұл веб-хук мекенжайын пайдалануға болмайды.',
    },
  },
  [IntegrationsErrorCode.WebhookLimitReached]: {
    status: 409,
    messages: {
      en: 'The organization already has the maximum number of webhooks.',
      ru: 'У организации уже максимальное число веб-хуков.',
      kk: 'Ұйымда веб-хуктардың ең көп саны бар.',
    },
  },
  [IntegrationsErrorCode.NotificationPreferencesUserOnly]: {
    status: 403,
    messages: {
      en: 'Notification settings belong to a signed-in user, not to an API key.',
      ru: 'Настройки уведомлений есть только у вошедшего пользователя, не у API-ключа.',
      kk: 'Хабарлама баптаулары API кілтіне емес, жүйеге кірген пайдаланушыға тиесілі.',
    },
  },
});
