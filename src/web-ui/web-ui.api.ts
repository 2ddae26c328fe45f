import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { LOCALES } from '../config/env.schema';
import type { Locale } from '../config/app-config';
import { CARD_LABELS, CARD_LOCALES, type CardLocale, type EvidenceSignatureAction } from '../documents';
import type { Indication, KzRole, SubIndication } from '../signing';

type Words<K extends string> = Readonly<Record<K, string>>;

// The document card's words for what the verifier reports, so the cabinet says the same.
export interface UiWords {
  indication: Words<Indication>;
  subIndication: Words<SubIndication>;
  kzRole: Words<KzRole>;
  action: Words<EvidenceSignatureAction>;
}

export interface UiConfig {
  ncaLayerUrl: string;
  ncaLayerInstallUrl: string;
  defaultLocale: Locale;
  locales: readonly Locale[];
  maxUploadBytes: number;
  publicUrl: string;
  words: Record<CardLocale, UiWords>;
}

// A closed object with one string per key (the keys of the card's own word lists).
function WordsOf(name: string, keys: readonly string[]): Type<Record<string, string>> {
  class WordsResponse {}
  for (const key of keys) ApiProperty({ type: 'string' })(WordsResponse.prototype, key);
  Object.defineProperty(WordsResponse, 'name', { value: name });

  return WordsResponse as Type<Record<string, string>>;
}

const sample = CARD_LABELS[CARD_LOCALES[0]];

export class UiWordsResponse implements UiWords {
  @ApiProperty({ type: WordsOf('IndicationWords', Object.keys(sample.indication)), description: 'Per verification indication' })
  indication!: Words<Indication>;

  @ApiProperty({ type: WordsOf('SubIndicationWords', Object.keys(sample.subIndication)), description: 'Per sub-indication' })
  subIndication!: Words<SubIndication>;

  @ApiProperty({ type: WordsOf('KzRoleWords', Object.keys(sample.kzRole)), description: 'Per certificate role' })
  kzRole!: Words<KzRole>;

  @ApiProperty({ type: WordsOf('SignatureActionWords', Object.keys(sample.action)), description: 'Per signed action' })
  action!: Words<EvidenceSignatureAction>;
}

export class UiWordsByLocaleResponse implements Record<CardLocale, UiWords> {
  @ApiProperty({ type: () => UiWordsResponse })
  ru!: UiWordsResponse;

  @ApiProperty({ type: () => UiWordsResponse })
  kk!: UiWordsResponse;

  @ApiProperty({ type: () => UiWordsResponse })
  en!: UiWordsResponse;
}

export class UiConfigResponse implements UiConfig {
  @ApiProperty({
    format: 'uri',
    description: "NCALayer's WebSocket address on the user's machine",
    example: 'wss://127.0.0.1:13579',
  })
  ncaLayerUrl!: string;

  @ApiProperty({ format: 'uri', description: 'Where to get NCALayer' })
  ncaLayerInstallUrl!: string;

  @ApiProperty({
    enum: LOCALES,
    enumName: 'Locale',
    description: 'DEFAULT_LOCALE: the language when the browser names none of these',
  })
  defaultLocale!: Locale;

  @ApiProperty({ enum: LOCALES, enumName: 'Locale', isArray: true })
  locales!: Locale[];

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The largest document an upload takes' })
  maxUploadBytes!: number;

  @ApiProperty({ format: 'uri', description: 'The public address of the service' })
  publicUrl!: string;

  @ApiProperty({ type: () => UiWordsByLocaleResponse, description: "The document card's words, per language" })
  words!: UiWordsByLocaleResponse;
}
