// npm run certs:fetch [-- --check] [-- --dir <folder>]
// Downloads the pinned NCA RK production CA certificates into certs/production (see
// certs/production/pins.json), or with --check verifies the files already there, offline.
// Exit code 0: every pinned certificate is in place; 1: something is missing or mismatched.

import * as path from 'node:path';
import { CertificateFetcher, fetchPinnedCertificates, httpFetcher } from './certs-fetch';
import { checkPinnedFiles } from './pinned-store';
import { readPins } from './pins';

// src/signing/trust-store (or dist/signing/trust-store) is three levels below the repository root.
export const DEFAULT_STORE_DIR = path.resolve(__dirname, '../../..', 'certs/production');

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface CliOptions {
  readonly check: boolean;
  readonly dir: string;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  let check = false;
  let dir = DEFAULT_STORE_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--dir' && argv[i + 1]) dir = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${arg}; usage: certs:fetch [--check] [--dir <folder>]`);
  }
  return { check, dir };
}

export async function runCertsFetch(
  argv: readonly string[],
  io: CliIo,
  fetcher: CertificateFetcher = httpFetcher(),
): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
    const pins = readPins(options.dir);
    if (options.check) {
      let failures = 0;
      for (const result of checkPinnedFiles(options.dir, pins)) {
        if (result.status === 'ok') io.out(`ok        ${result.pin.file}  ${result.pin.sha256}`);
        else if (result.status === 'missing') io.err(`MISSING   ${result.pin.file} (run npm run certs:fetch)`);
        else io.err(`MISMATCH  ${result.pin.file}: sha256 ${result.actual}, pinned ${result.pin.sha256}`);
        if (result.status !== 'ok') failures++;
      }
      return failures === 0 ? 0 : 1;
    }
    const outcomes = await fetchPinnedCertificates(options.dir, pins, fetcher);
    for (const outcome of outcomes) {
      for (const attempt of outcome.attempts) if (attempt.error) io.err(`${outcome.pin.name}: ${attempt.url}: ${attempt.error}`);
      const from = outcome.attempts.find((a) => !a.error)?.url;
      if (outcome.status === 'failed') io.err(`FAILED    ${outcome.pin.file}: no URL gave the pinned certificate`);
      else io.out(`${outcome.status.padEnd(9)} ${outcome.pin.file}  from ${from}`);
    }
    return outcomes.every((o) => o.status !== 'failed') ? 0 : 1;
  } catch (error) {
    io.err(`certs:fetch: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  void runCertsFetch(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then((code) => {
    process.exitCode = code;
  });
}
