// Words of the document card in Russian, Kazakh and English. Reasons follow the ETSI EN 319 102-1
// sub-indications of the verification report, said the way a person reading a printout needs them.

import type { Indication, KeyUsageClass, KzRole, SubIndication } from '../../signing';
import type { EvidenceSignatureAction, EvidenceSignatureRole } from './evidence-model';
import { en } from './card-labels.en';
import { kk } from './card-labels.kk';
import { ru } from './card-labels.ru';

export type CardLocale = 'ru' | 'kk' | 'en';
export const CARD_LOCALES: readonly CardLocale[] = ['ru', 'kk', 'en'];

export type Words<K extends string> = Readonly<Record<K, string>>;

export interface CardLabels {
  readonly cardTitle: string;
  readonly documentSection: string;
  readonly kind: string;
  readonly number: string;
  readonly date: string;
  readonly amount: string;
  readonly fileName: string;
  readonly size: string;
  readonly bytes: string;
  readonly sha256: string;
  readonly documentId: string;
  readonly createdAt: string;
  readonly sender: string;
  readonly email: string;
  readonly status: string;
  readonly signaturesSection: string;
  readonly noSignatures: string;
  readonly signature: string;
  readonly signer: string;
  readonly iin: string;
  readonly bin: string;
  readonly organization: string;
  readonly roles: string;
  readonly keyUsage: string;
  readonly certificate: string;
  readonly signingTime: string;
  readonly timestamp: string;
  readonly tsa: string;
  readonly noTimestamp: string;
  readonly acceptedAt: string;
  readonly signedContent: string;
  readonly signedDocument: string;
  readonly signedStatement: string;
  readonly result: string;
  readonly level: string;
  readonly checkedAt: string;
  readonly statementText: string;
  readonly eventsSection: string;
  readonly noEvents: string;
  readonly eventTime: string;
  readonly event: string;
  readonly actor: string;
  readonly scanToVerify: string;
  readonly generatedAt: string;
  readonly timeZoneNote: string;
  readonly page: (page: number, total: number) => string;
  readonly partyRole: Words<EvidenceSignatureRole>;
  readonly action: Words<EvidenceSignatureAction>;
  readonly kzRole: Words<KzRole>;
  readonly keyUsageClass: Words<KeyUsageClass>;
  readonly indication: Words<Indication>;
  readonly subIndication: Words<SubIndication>;
  readonly eventType: Readonly<Record<string, string>>;
  readonly documentKind: Readonly<Record<string, string>>;
  // A recipient's status axes (EvidenceRecipient.statuses: status, receipt, response, annulment)
  // in words; an axis or value not listed prints as it is (the card never hides a state).
  readonly recipientAxis: Readonly<Record<string, string>>;
  readonly recipientStatus: Readonly<Record<string, Readonly<Record<string, string>>>>;
  // Who caused an event, when it is not a user of an organization.
  readonly linkRecipient: (identifier: string, name?: string) => string;
  // A recipient the sender replaced (a mistyped BIN/IIN), with the day: printed instead of its status.
  readonly replaced: (date: string) => string;
  readonly service: string;
  readonly apiKey: string;
}

export const CARD_LABELS: Readonly<Record<CardLocale, CardLabels>> = { ru, kk, en };
