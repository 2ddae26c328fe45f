import type { Locale } from '../../config/app-config';

// How an error code becomes a response: its HTTP status and its message in each language.
export interface ErrorEntry {
  readonly status: number;
  readonly messages: Readonly<Record<Locale, string>>;
}

// A stable error code (`DOCUMENT_NOT_DRAFT`). Each module defines its own codes (`<module>.errors.ts`)
// with defineErrors; common knows them only as strings, so it depends on no domain module.
export type ErrorCode = string;

export interface ErrorDefinitions<C extends ErrorCode> {
  readonly codes: readonly C[];
  readonly catalog: Readonly<Record<C, ErrorEntry>>;
}

// Every code defined so far, filled by defineErrors as each module's errors file is loaded. A code
// can only be thrown or named in @ApiErrors by importing the file that defines it, so its entry is
// always here before it is looked up (decorators run at import time, before any root wiring).
const defined = new Map<ErrorCode, ErrorEntry>();

// A module's error codes (a string enum) and, for every one of them, a status and the three
// translations: a missing code or locale fails to compile. A code already defined by another module
// fails at load (and at compile time in src/error-codes.ts).
export function defineErrors<C extends ErrorCode>(
  codes: Readonly<Record<string, C>>,
  catalog: Readonly<Record<C, ErrorEntry>>,
): ErrorDefinitions<C> {
  const values = Object.values(codes);
  for (const code of values) {
    const earlier = defined.get(code);
    if (earlier && earlier !== catalog[code]) throw new Error(`error code ${code} is defined twice`);
    defined.set(code, catalog[code]);
  }

  return { codes: values, catalog };
}

export function isDefinedErrorCode(code: ErrorCode): boolean {
  return defined.has(code);
}

export function definedErrorCodes(): ErrorCode[] {
  return [...defined.keys()];
}

// The status and messages of a code. Every thrown code was defined by the file that exports it;
// an unknown one is a programming error.
export function errorEntry(code: ErrorCode): ErrorEntry {
  const entry = defined.get(code);
  if (!entry) throw new Error(`error code ${code} is not defined by any module`);

  return entry;
}
