import type { Locale } from '../../config/app-config';

const SUPPORTED: readonly Locale[] = ['kk', 'ru', 'en'];

// Picks the best supported language from an Accept-Language header (RFC 9110 §12.5.4 q-values).
export function pickLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { language } of ranked) {
    if ((SUPPORTED as readonly string[]).includes(language)) return language as Locale;
  }
  return fallback;
}
