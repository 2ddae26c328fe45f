import { COMMON_ERRORS } from './common/errors/common.errors';
import type { ErrorDefinitions, ErrorEntry } from './common/errors/error-definitions';
import { DOCUMENTS_ERRORS } from './documents';
import { IDENTITY_ERRORS } from './identity';
import { INTEGRATIONS_ERRORS } from './integrations';
import { LEGAL_ERRORS } from './legal';
import { SIGNING_ERRORS } from './signing';

// Every module's error codes, merged. A new module adds its defineErrors(...) here; the type below
// makes a code defined by two modules fail to compile (and defineErrors refuses it at load).
const MODULE_ERRORS = [
  COMMON_ERRORS,
  IDENTITY_ERRORS,
  SIGNING_ERRORS,
  LEGAL_ERRORS,
  INTEGRATIONS_ERRORS,
  DOCUMENTS_ERRORS,
] as const;

type CodesOf<D> = D extends ErrorDefinitions<infer C> ? C : never;
// true when no code is in two of the definitions; otherwise names the codes defined twice.
type Disjoint<L extends readonly unknown[], Seen = never> = L extends readonly [infer Head, ...infer Rest]
  ? [`${CodesOf<Head>}` & `${Seen & string}`] extends [never]
    ? Disjoint<Rest, Seen | `${CodesOf<Head>}`>
    : { definedTwice: `${CodesOf<Head>}` & `${Seen & string}` }
  : true;
const codesAreDisjoint: Disjoint<typeof MODULE_ERRORS> = true;
void codesAreDisjoint;

export type AppErrorCode = `${CodesOf<(typeof MODULE_ERRORS)[number]>}`;

// Every code the API can answer with, module by module in the order of MODULE_ERRORS (the order
// the contract's Error schema lists them in: an enum's order carries no meaning).
export const APP_ERROR_CODES: readonly AppErrorCode[] = MODULE_ERRORS.flatMap((errors) =>
  errors.codes.map((code) => `${code}` as AppErrorCode),
);

export const APP_ERROR_CATALOG = Object.fromEntries(
  MODULE_ERRORS.flatMap((errors) => Object.entries<ErrorEntry>(errors.catalog)),
) as Readonly<Record<AppErrorCode, ErrorEntry>>;
