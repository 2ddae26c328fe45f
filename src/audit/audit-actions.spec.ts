import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { AUDIT_ACTIONS } from './audit-actions';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

// The compiler checks that every @Audited action is listed; this checks the other way: the list
// (and so the cabinet's words for actions and the filter's choices) names no action nobody writes.
describe('AUDIT_ACTIONS', () => {
  it('is exactly the set of actions the routes write', () => {
    const written = new Set<string>();
    for (const file of sources(join(__dirname, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/@Audited\(\s*'([^']+)'/g)) written.add(match[1]);
    }
    expect([...written].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
