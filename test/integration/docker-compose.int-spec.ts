import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/app-config';

// No Docker engine runs here, so the compose file is checked by parsing it the way
// `docker compose config` would read it, and by validating the app's environment in it.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      {
        image?: string;
        build?: string;
        command?: string[];
        environment?: Record<string, string>;
        depends_on?: Record<string, { condition: string }>;
        healthcheck?: object;
      }
    >;
  };

  it('has the production-like services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'minio', 'postgres', 'redis', 'worker']);
    for (const name of ['postgres', 'redis', 'minio', 'api']) expect(compose.services[name].healthcheck).toBeDefined();
    expect(compose.services.minio.image).toMatch(/^minio\//);
    expect(compose.services.mailpit.image).toMatch(/mailpit/);
    expect(compose.services.worker.command).toEqual(['node', 'dist/worker.js']);
  });

  it('gives the API and the worker a valid, fully external configuration', () => {
    for (const name of ['api', 'worker']) {
      const env = Object.fromEntries(
        Object.entries(compose.services[name].environment!).map(([key, value]) => [
          key,
          String(value).replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _name: string, fallback: string) => fallback),
        ]),
      );
      const config = loadConfig(env);
      expect(config.mode).toBe('external');
      expect(config.storage.driver).toBe('s3');
      expect(config.jobs.driver).toBe('bullmq');
      expect(config.mail.driver).toBe('smtp');
      expect(config.isProduction).toBe(true);
    }
  });

  it('points the app at the services and bucket it defines', () => {
    const env = compose.services.api.environment!;
    expect(env.DATABASE_URL).toContain('@postgres:5432/');
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.S3_ENDPOINT).toBe('http://minio:9000');
    expect(JSON.stringify(compose.services.minio)).toContain(`/data/${env.S3_BUCKET}`);
    expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(Object.keys(compose.services.api.depends_on!)).toEqual(expect.arrayContaining(['postgres', 'redis', 'minio']));
  });
});
