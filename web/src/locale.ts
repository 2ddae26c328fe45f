// The cabinet's languages. Kept apart from i18n/ (React) so plain modules and their unit tests
// can name them.
export type Locale = 'kk' | 'ru' | 'en';
export const LOCALES: readonly Locale[] = ['kk', 'ru', 'en'];
export const LOCALE_NAMES: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
