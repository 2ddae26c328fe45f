// npm run certs:generate  ->  npx ts-node src/signing/test-pki/generate-cli.ts [outDir]
//   [--base-url=URL] [--hierarchies=rsa,gost2015,gost2004] [--reuse-keys[=DIR]]
// Writes the throwaway test PKI (certs/test-pki by default). See certs/test-pki/README.md.
// --reuse-keys keeps the private keys of the PKI already in outDir (or DIR), so regenerating,
// e.g. for another base URL, does not change every public key.

import * as path from 'node:path';
import { DEFAULT_BASE_URL, generateTestPki } from './generator';
import { HIERARCHIES, Hierarchy } from './profiles';

const DEFAULT_OUT_DIR = path.resolve(__dirname, '../../../certs/test-pki');

interface CliOptions {
  outDir: string;
  baseUrl: string;
  hierarchies: Hierarchy[];
  // true: from outDir.
  reuseKeys?: string | true;
}

function parseArgs(argv: readonly string[]): CliOptions {
  let outDir = DEFAULT_OUT_DIR;
  let reuseKeys: string | true | undefined;
  let baseUrl = process.env.TEST_PKI_BASE_URL ?? DEFAULT_BASE_URL;
  let hierarchies = [...HIERARCHIES];
  for (const arg of argv) {
    if (arg.startsWith('--base-url=')) baseUrl = arg.slice('--base-url='.length);
    else if (arg === '--reuse-keys') reuseKeys = true;
    else if (arg.startsWith('--reuse-keys=')) reuseKeys = path.resolve(arg.slice('--reuse-keys='.length));
    else if (arg.startsWith('--hierarchies=')) {
      const wanted = arg.slice('--hierarchies='.length).split(',');
      const unknown = wanted.filter((h) => !(HIERARCHIES as readonly string[]).includes(h));
      if (unknown.length > 0) throw new Error(`unknown hierarchy: ${unknown.join(', ')} (known: ${HIERARCHIES.join(', ')})`);
      hierarchies = wanted as Hierarchy[];
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else outDir = path.resolve(arg);
  }
  return { outDir, baseUrl, hierarchies, reuseKeys };
}

async function main(): Promise<void> {
  const { outDir, baseUrl, hierarchies, reuseKeys } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const reuseKeysFrom = reuseKeys === true ? outDir : reuseKeys;
  const pki = await generateTestPki({ outDir, baseUrl, hierarchies, reuseKeysFrom });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `test PKI: ${pki.entities.length} certificates, ${pki.crls.length} CRLs (${pki.hierarchies.join(', ')}) -> ${outDir} in ${seconds} s\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
