import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

import { Locale, LOCALES } from '../locale';
import { en } from './en';
import { kk } from './kk';
import { MessageKey, Messages, ru } from './ru';

export { LOCALES, LOCALE_NAMES } from '../locale';
export type { Locale } from '../locale';
export type { MessageKey } from './ru';

const MESSAGES: Record<Locale, Messages> = { kk, ru, en };
const STORAGE_KEY = 'edo.locale';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  // For keys built from server values (statuses, event types, roles): the raw value when unknown.
  tx(key: string, fallback?: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const browser = navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(browser) ? (browser as Locale) : 'ru';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    const t: Translate = (key, params) =>
      (messages[key] ?? ru[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
    const tx = (key: string, fallback?: string) => (messages as Record<string, string>)[key] ?? fallback ?? key;
    return { locale, setLocale, t, tx };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
