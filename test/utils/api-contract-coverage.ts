import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

// After the run: which operations of openapi/openapi.json the suite answered with a 2xx that kept
// to the contract (recorded by test/utils/api-contract.ts), and which it never did.
export function reportContractCoverage(file: string | undefined): void {
  if (!file || !existsSync(file)) return;
  const exercised = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  rmSync(path.dirname(file), { recursive: true, force: true });
  const document = JSON.parse(readFileSync(path.resolve(__dirname, '../../openapi/openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((method) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .map((method) => `${method.toUpperCase()} ${template}`),
  );
  const missing = operations.filter((operation) => !exercised.has(operation));
  const summary =
    `API contract: ${operations.length - missing.length} of ${operations.length} operations answered 2xx within the contract` +
    (missing.length ? `; not exercised with success: ${missing.join(', ')}` : '');
  process.stdout.write(`\n${summary}\n`);
  // CI's full run (.ci/run) requires every operation to have been exercised with success.
  if (missing.length > 0 && process.env.EDO_CONTRACT_REQUIRE_COVERAGE === '1') throw new Error(summary);
}
