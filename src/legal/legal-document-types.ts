// Legal's vocabulary that other modules name too (registration signs the offer in a locale),
// apart from the entity so that naming it does not reach into legal's tables.
export enum LegalDocumentKind {
  // The public offer; registration signs it [O 1.2].
  Offer = 'offer',
  // The privacy policy [P].
  Privacy = 'privacy',
}

// Languages every version is published in; the text a client signs is one of these.
export const LEGAL_LOCALES = ['kk', 'ru'] as const;
export type LegalLocale = (typeof LEGAL_LOCALES)[number];
