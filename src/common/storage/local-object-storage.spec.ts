import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalObjectStorage } from './local-object-storage';

describe('local object storage: unfinished uploads', () => {
  it('removes the .part files a killed process left, not recent ones nor stored objects', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'edo-storage-'));
    const folder = path.join(root, 'documents', 'org');
    mkdirSync(folder, { recursive: true });
    const storage = new LocalObjectStorage(root);
    await storage.put('documents/org/kept', Buffer.from('%PDF-1.7\n'), 'application/pdf');
    const stale = `doc-1.${randomUUID()}.part`;
    const recent = `doc-2.${randomUUID()}.part`;
    writeFileSync(path.join(folder, stale), 'half');
    writeFileSync(path.join(folder, recent), 'still being written');
    // An object whose key merely ends like one is not a temporary file.
    await storage.put('documents/org/notes.part', Buffer.from('x'), 'text/plain');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(path.join(folder, stale), twoHoursAgo, twoHoursAgo);
    utimesSync(path.join(folder, 'notes.part'), twoHoursAgo, twoHoursAgo);

    expect(await storage.sweepIncomplete(new Date(Date.now() - 3_600_000))).toBe(1);
    expect(readdirSync(folder).sort()).toEqual(['kept', 'notes.part', recent].sort());
    expect(await new LocalObjectStorage(path.join(root, 'missing')).sweepIncomplete(new Date())).toBe(0);
  });
});
