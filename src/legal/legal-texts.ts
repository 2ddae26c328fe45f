// The versions whose texts ship with the code (src/legal/texts/<kind>.v<N>.<locale>.md), seeded
// into the database at boot. Once seeded, the database row is the legal record: editing a file
// later changes nothing (a new text is a new version, published through the operator API).
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LEGAL_LOCALES, LegalDocumentKind, LegalLocale } from './legal-document-types';

export interface BundledVersion {
  readonly kind: LegalDocumentKind;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly publishedAt: Date;
}

export const BUNDLED_VERSIONS: readonly BundledVersion[] = [
  {
    kind: LegalDocumentKind.Offer,
    version: 1,
    effectiveFrom: new Date('2026-01-01T00:00:00+05:00'),
    publishedAt: new Date('2025-12-26T00:00:00+05:00'),
  },
  {
    kind: LegalDocumentKind.Privacy,
    version: 1,
    effectiveFrom: new Date('2026-01-01T00:00:00+05:00'),
    publishedAt: new Date('2025-12-26T00:00:00+05:00'),
  },
];

// Beside this file in src/; a build must copy the folder next to the compiled file.
export const LEGAL_TEXTS_DIR = path.join(__dirname, 'texts');

export function bundledTextFile(version: BundledVersion, locale: LegalLocale, dir = LEGAL_TEXTS_DIR): string {
  return path.join(dir, `${version.kind}.v${version.version}.${locale}.md`);
}

// The texts of a bundled version, or undefined when the files are not there (a build without them).
export function readBundledTexts(version: BundledVersion, dir = LEGAL_TEXTS_DIR): Record<LegalLocale, string> | undefined {
  const files = LEGAL_LOCALES.map((locale) => bundledTextFile(version, locale, dir));
  if (!files.every((file) => existsSync(file))) return undefined;

  return Object.fromEntries(LEGAL_LOCALES.map((locale, i) => [locale, readFileSync(files[i], 'utf8')])) as Record<
    LegalLocale,
    string
  >;
}
