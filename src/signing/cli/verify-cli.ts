// `npm run verify -- <command> ...`: the signature verifier from a terminal. `cms --json` prints
// the very report POST /api/v1/verify answers (both go through verifySignatureRequest).

import type { Indication } from '../verification/report';
import { summarizeCertificate, summarizeCrl, summarizeReport } from './human-summary';
import { parseVerifyArgs, USAGE } from './verify-args';
import { InputError, runCert, runCms, runCrl } from './verify-commands';

export const EXIT = { passed: 0, failed: 1, indeterminate: 2, usage: 3 } as const;

export function exitCodeOf(indication: Indication): number {
  switch (indication) {
    case 'TOTAL_PASSED':
      return EXIT.passed;
    case 'TOTAL_FAILED':
      return EXIT.failed;
    case 'INDETERMINATE':
      return EXIT.indeterminate;
  }
}

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

// Returns the exit code instead of exiting, so specs can run it in-process.
export async function runVerifyCli(argv: readonly string[], io: CliOutput, now = new Date()): Promise<number> {
  const parsed = parseVerifyArgs(argv);
  if (!parsed.ok) {
    io.err(`${parsed.message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const args = parsed.value;
  try {
    switch (args.command) {
      case 'help':
        io.out(`${USAGE}\n`);
        return EXIT.passed;
      case 'cms': {
        const report = await runCms(args, now);
        io.out(args.json ? json(report) : summarizeReport(report));
        return exitCodeOf(report.indication);
      }
      case 'cert': {
        const result = runCert(args, now);
        io.out(args.json ? json(result) : summarizeCertificate(result));
        return exitCodeOf(result.indication);
      }
      case 'crl': {
        const result = runCrl(args, now);
        io.out(args.json ? json(result) : summarizeCrl(result));
        return exitCodeOf(result.indication);
      }
    }
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (require.main === module) {
  runVerifyCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // A crash is a bug, not a verdict: never let it look like "failed" (1) to a script.
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 4;
    },
  );
}
