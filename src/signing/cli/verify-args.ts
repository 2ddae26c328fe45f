// Argument parsing of `npm run verify -- <command> ...`, apart from any I/O so it can be tested.

import { parseArgs } from 'node:util';
import type { RevocationPolicy } from '../verification/policy';

export const USAGE = `usage: npm run verify -- <command> [options]

  cms <file> [--data <file>] [--at <ISO time>] [--trust <file|dir>]... [--evidence <ocsp-or-crl-file>]...
      [--revocation off|prefer|require] [--ca-revocation off|prefer|require] [--offline] [--json]
      verify a CMS/CAdES signature (DER, PEM or base64); --data gives detached content
  cert <file> [--chain <file>]... [--trust <file|dir>]... [--at <ISO time>] [--evidence <ocsp-or-crl-file>]... [--json]
      validity of one certificate, its path to a trust anchor and, with --evidence, its revocation status
  crl <file> --issuer <cert> [--at <ISO time>] [--json]
      CRL signature against its issuer, dates and entry count

--trust names trust anchors (certificate files, or folders of .cer/.crt/.pem/.der); without it
nothing is trusted and a chain cannot be validated. --at defaults to now.
exit code: 0 passed, 1 failed, 2 indeterminate, 3 usage or input error`;

export type VerifyCommand =
  | {
      readonly command: 'cms';
      readonly file: string;
      readonly data?: string;
      readonly at?: Date;
      readonly trust: readonly string[];
      readonly revocation?: RevocationPolicy;
      readonly caRevocation?: RevocationPolicy;
      // OCSP responses / CRLs (DER or PEM files) the caller has.
      readonly evidence?: readonly string[];
      // No OCSP/CRL requests to the certificates' URLs; only embedded evidence counts.
      readonly offline: boolean;
      readonly json: boolean;
    }
  | {
      readonly command: 'cert';
      readonly file: string;
      readonly chain: readonly string[];
      readonly trust: readonly string[];
      readonly evidence?: readonly string[];
      readonly at?: Date;
      readonly json: boolean;
    }
  | { readonly command: 'crl'; readonly file: string; readonly issuer: string; readonly at?: Date; readonly json: boolean }
  | { readonly command: 'help' };

export type ParsedArguments =
  { readonly ok: true; readonly value: VerifyCommand } | { readonly ok: false; readonly message: string };

const OPTIONS = {
  data: { type: 'string' },
  at: { type: 'string' },
  trust: { type: 'string', multiple: true },
  chain: { type: 'string', multiple: true },
  issuer: { type: 'string' },
  revocation: { type: 'string' },
  'ca-revocation': { type: 'string' },
  evidence: { type: 'string', multiple: true },
  offline: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

// Options each command accepts besides --json and --help.
const ALLOWED: Record<'cms' | 'cert' | 'crl', readonly string[]> = {
  cms: ['data', 'at', 'trust', 'evidence', 'revocation', 'ca-revocation', 'offline'],
  cert: ['chain', 'trust', 'evidence', 'at'],
  crl: ['issuer', 'at'],
};

const REVOCATION_MODES: readonly RevocationPolicy[] = ['off', 'prefer', 'require'];

const usageError = (message: string): ParsedArguments => ({ ok: false, message });

// A date (2021-06-01, taken as UTC midnight) or a full ISO 8601 time; nothing Date.parse would guess.
export function parseIsoTime(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) return undefined;
  // Date rolls 2021-02-30 over to March; a date-only input must survive the round trip.
  if (text.length === 10 && time.toISOString().slice(0, 10) !== text) return undefined;
  return time;
}

// node:util throws on unknown options and missing values; that is a usage error, not a crash.
function tryParseArgs(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { message: error instanceof Error ? error.message : String(error) };
  }
}

export function parseVerifyArgs(argv: readonly string[]): ParsedArguments {
  const parsed = tryParseArgs(argv);
  if ('message' in parsed) return usageError(parsed.message);
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, value: { command: 'help' } };
  const [command, file, ...rest] = positionals;
  if (command === undefined) return usageError('missing command (cms, cert or crl)');
  if (command !== 'cms' && command !== 'cert' && command !== 'crl') return usageError(`unknown command "${command}"`);
  if (file === undefined) return usageError(`${command}: missing <file>`);
  if (rest.length > 0) return usageError(`${command}: unexpected argument "${rest[0]}"`);
  const given = Object.keys(values).filter((name) => name !== 'json' && name !== 'help');
  const misplaced = given.find((name) => !ALLOWED[command].includes(name));
  if (misplaced) return usageError(`${command}: option --${misplaced} does not apply`);

  let at: Date | undefined;
  if (values.at !== undefined) {
    at = parseIsoTime(values.at);
    if (!at) return usageError(`--at: "${values.at}" is not an ISO 8601 time`);
  }
  const json = values.json === true;
  const trust = values.trust ?? [];
  switch (command) {
    case 'cms': {
      const revocation = values.revocation as RevocationPolicy | undefined;
      if (revocation !== undefined && !REVOCATION_MODES.includes(revocation))
        return usageError(`--revocation must be one of ${REVOCATION_MODES.join(', ')}`);
      const caRevocation = values['ca-revocation'] as RevocationPolicy | undefined;
      if (caRevocation !== undefined && !REVOCATION_MODES.includes(caRevocation))
        return usageError(`--ca-revocation must be one of ${REVOCATION_MODES.join(', ')}`);
      return {
        ok: true,
        value: {
          command,
          file,
          ...(values.data !== undefined && { data: values.data }),
          ...(at && { at }),
          trust,
          ...(revocation && { revocation }),
          ...(caRevocation && { caRevocation }),
          evidence: values.evidence ?? [],
          offline: values.offline === true,
          json,
        },
      };
    }
    case 'cert':
      return {
        ok: true,
        value: { command, file, chain: values.chain ?? [], trust, evidence: values.evidence ?? [], ...(at && { at }), json },
      };
    case 'crl':
      if (values.issuer === undefined) return usageError('crl: --issuer <cert> is required');
      return { ok: true, value: { command, file, issuer: values.issuer, ...(at && { at }), json } };
  }
}
