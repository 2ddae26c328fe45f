import type { Schemas, UiConfig } from './api';
import { Locale, useI18n } from './i18n';
import { useSession } from './session';

// Words for the verifier's findings come from the server (GET /api/v1/ui-config → words: the
// document card's vocabulary), so the cabinet and the printed card say the same thing.
export type WordGroup = keyof Schemas['UiWordsResponse'];

export function serverWord(
  config: UiConfig | null,
  locale: Locale,
  group: WordGroup,
  code: string | undefined,
): string | undefined {
  if (!code) return undefined;
  // The tables are keyed by the contract's codes; a code the cabinet does not know shows as it is.
  const table: Partial<Record<string, string>> | undefined = config?.words?.[locale]?.[group];
  return table?.[code] ?? code;
}

export function useServerWords() {
  const { config } = useSession();
  const { locale } = useI18n();
  return {
    reason: (code: string | undefined) => serverWord(config, locale, 'subIndication', code),
    // The card's words for a verdict ("Подпись действительна"), so every page says it the same way.
    indication: (code: string) =>
      config?.words?.[locale]?.indication ? serverWord(config, locale, 'indication', code) : undefined,
    role: (code: string) => serverWord(config, locale, 'kzRole', code) ?? code,
    action: (code: string) => serverWord(config, locale, 'action', code) ?? code,
  };
}
