// Cheap bounds on a JSON text, checked in one pass over its characters before it is parsed: how
// deep it nests, how many members one object has and how many all objects have together. No
// request of this API comes near them; a hostile body does (90,000 keys cost seconds in
// class-transformer, whose key de-duplication is quadratic, and a deep nesting overflows the
// stack of the recursive transformers).

import { DomainError } from '../errors/domain.error';
import { CommonErrorCode } from '../errors/common.errors';

export const JSON_LIMITS = {
  // Objects and arrays inside each other.
  depth: 32,
  // Members of one object.
  membersPerObject: 256,
  // Members of all objects together.
  members: 10_000,
} as const;

export type JsonLimits = { readonly [K in keyof typeof JSON_LIMITS]: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;

const tooComplex = (limit: keyof typeof JSON_LIMITS, value: number) =>
  new DomainError(CommonErrorCode.RequestTooComplex, { limit, max: value });

// Throws REQUEST_TOO_COMPLEX when `text` passes a limit. Not a JSON validator: malformed text is
// left to the parser. Works on UTF-8 bytes as well as on a string, since no byte of a multi-byte
// UTF-8 sequence is an ASCII character.
export function assertJsonWithinLimits(text: string | Uint8Array, limits: JsonLimits = JSON_LIMITS): void {
  const at: (i: number) => number = typeof text === 'string' ? (i) => text.charCodeAt(i) : (i) => text[i]!;
  // Members counted so far in each open object (-1 for an open array).
  const open: number[] = [];
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      open.push(c === OPEN_OBJECT ? 0 : -1);
      if (open.length > limits.depth) throw tooComplex('depth', limits.depth);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) open.pop();
    else if (c === COLON && open.length > 0 && open[open.length - 1]! >= 0) {
      const inObject = ++open[open.length - 1]!;
      if (inObject > limits.membersPerObject) throw tooComplex('membersPerObject', limits.membersPerObject);
      if (++members > limits.members) throw tooComplex('members', limits.members);
    }
  }
}

// The same for a raw body in `charset` (body-parser's verify hook): UTF-8 is scanned as bytes,
// UTF-16 decoded first; a charset without a decoder is UNSUPPORTED_MEDIA_TYPE.
export function assertJsonBodyWithinLimits(body: Uint8Array, charset: string): void {
  if (/^utf-?8$/i.test(charset)) return assertJsonWithinLimits(body);
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: false }).decode(body);
  } catch {
    throw new DomainError(CommonErrorCode.UnsupportedMediaType, { charset });
  }
  assertJsonWithinLimits(text);
}
