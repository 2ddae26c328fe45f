import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { testDatabaseKind, testDatabaseUrl } from '../utils/backends';
import { runServiceToExit, spawnService } from '../utils/spawn-service';

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

describe('WEB_CONCURRENCY: several API processes sharing one port', () => {
  // Several processes need a server of their own (the embedded test server is one PGlite session).
  (testDatabaseKind() === 'postgresql' && process.platform === 'linux' ? it : it.skip)(
    'serves from that many processes and stops them all on SIGTERM',
    async () => {
      const service = await spawnService({
        NODE_ENV: 'test',
        DATABASE_URL: testDatabaseUrl(),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'edo-cluster-')),
        PORT: '0',
        LOG_LEVEL: 'info',
        WEB_CONCURRENCY: '2',
      });
      try {
        const deadline = Date.now() + 60_000;
        while ((service.output().match(/EDO API listening on/g) ?? []).length < 2 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(service.output().match(/EDO API listening on/g)).toHaveLength(2);
        expect(childrenOf(service.pid!)).toHaveLength(2);
        await request(service.url).get('/health').expect(200);
      } finally {
        const exit = await service.stop();
        expect(exit.code).toBe(0);
      }
      expect(service.output()).not.toMatch(/"level":"error"/);
    },
    90_000,
  );

  it('refuses it on the embedded database, which belongs to one process', async () => {
    const result = await runServiceToExit({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'edo-cluster-')), WEB_CONCURRENCY: '2' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('WEB_CONCURRENCY > 1 needs DATABASE_URL');
  });
});
