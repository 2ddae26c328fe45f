import express from 'express';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, ENV_VARIABLE_NAMES, loadConfig } from './app-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('configuration', () => {
  it('starts on embedded defaults with no environment at all', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('embedded');
    expect(config.database.mode).toBe('embedded');
    expect(config.storage.driver).toBe('local');
    expect(config.jobs.driver).toBe('in-process');
    expect(config.mail.driver).toBe('file');
    expect(config.http).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://localhost:3000' });
    expect(config.security.cookieSecure).toBe(false);
    expect(config.security.operatorToken).toBeUndefined();
  });

  it('switches each concern to its external service when its URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://edo:secret@db:5432/edo',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY: 'edo',
      S3_SECRET_KEY: 'edo-secret',
      REDIS_URL: 'redis://redis:6379',
      SMTP_URL: 'smtp://mail:1025',
      PORT: '8080',
      PUBLIC_URL: 'https://edo.example.kz/',
    });
    expect(config.mode).toBe('external');
    expect(config.storage).toMatchObject({ driver: 's3', endpoint: 'http://minio:9000', bucket: 'edo-documents' });
    expect(config.jobs).toMatchObject({ driver: 'bullmq', redisUrl: 'redis://redis:6379' });
    expect(config.mail).toMatchObject({ driver: 'smtp', url: 'smtp://mail:1025' });
    expect(config.http.port).toBe(8080);
    expect(config.http.publicUrl).toBe('https://edo.example.kz');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must look like postgres/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must look like redis/],
    [{ SMTP_URL: 'mail.example.kz' }, /SMTP_URL must look like smtp/],
    [{ S3_ENDPOINT: 'not a url' }, /S3_ENDPOINT/],
    [{ S3_ENDPOINT: 'http://minio:9000' }, /S3_ACCESS_KEY/],
    [{ S3_BUCKET: 'Bad_Bucket' }, /S3_BUCKET must be a valid S3 bucket name/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL/],
    [{ DEFAULT_LOCALE: 'de' }, /DEFAULT_LOCALE/],
    [{ OPERATOR_TOKEN: 'short' }, /OPERATOR_TOKEN must be at least 32 characters/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: '-1' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: '33' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: 'loopback, 10.0.0.300' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: 'loopback;10.0.0.0/8' }, /TRUST_PROXY must be false, a hop count/],
    [{ TRUST_PROXY: 'fe80::1%eth0' }, /TRUST_PROXY must be false, a hop count/],
    [{ NODE_ENV: 'production' }, /DATABASE_URL is required when NODE_ENV=production/],
    [{ TRUST_STORES: 'test-pki,prod-roots' }, /TRUST_STORES names unknown stores: prod-roots/],
    [{ TRUST_STORES: 'a;b' }, /TRUST_STORES must be a comma-separated list/],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/edo', TRUST_STORES: 'nca-test' },
      /may not be trusted when NODE_ENV=production/,
    ],
  ])('refuses %p, naming the variable', (env, expected) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('refuses TRUST_PROXY=true (every X-Forwarded-For hop, which the client writes) in production only', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/edo' };
    for (const TRUST_PROXY of ['true', ' TRUE ']) {
      expect(problemsOf({ ...production, TRUST_PROXY })).toEqual([
        expect.stringMatching(/^TRUST_PROXY=true trusts every X-Forwarded-For hop.*refused when NODE_ENV=production/),
      ]);
    }
    expect(loadConfig({ ...production, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    // Tests (not production) may still trust every hop.
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    [' 2 ', 2],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
    ['LinkLocal,uniquelocal', ['linklocal', 'uniquelocal']],
    ['192.0.2.10', ['192.0.2.10']],
    ['2001:db8::/32, ::ffff:10.0.0.0/104, 2001:db8::1', ['2001:db8::/32', '::ffff:10.0.0.0/104', '2001:db8::1']],
  ])('reads TRUST_PROXY=%p as the Express setting %p, which Express accepts', (TRUST_PROXY, expected) => {
    const env: Record<string, string> = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/edo' };
    if (TRUST_PROXY !== undefined) env.TRUST_PROXY = TRUST_PROXY;
    const setting = loadConfig(env).http.trustProxy;
    expect(setting).toEqual(expected);
    // Express compiles the setting when it is set, and throws on an address it cannot parse.
    expect(() => express().set('trust proxy', setting)).not.toThrow();
  });

  it('trusts the test stores outside production only, unless TRUST_STORES says otherwise', () => {
    expect(loadConfig({}).verification.trustStores).toEqual(['test-pki', 'nca-test']);
    expect(loadConfig({ TRUST_STORES: ' nca-test ' }).verification.trustStores).toEqual(['nca-test']);
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/edo' }).verification.trustStores).toEqual([
      'nca-production',
    ]);
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/edo', TRUST_STORES: 'nca-production' };
    expect(loadConfig(production).verification.trustStores).toEqual(['nca-production']);
  });

  it('refuses private webhook destinations by default in every mode, and validates the switch at boot', () => {
    for (const NODE_ENV of ['development', 'test']) {
      expect(loadConfig({ NODE_ENV }).integrations.webhookAllowPrivateAddresses).toBe(false);
    }
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true' }).integrations.webhookAllowPrivateAddresses).toBe(true);
    expect(problemsOf({ WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'sometimes' }).join('\n')).toMatch(
      /WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be true or false/,
    );
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', REDIS_URL: 'x' });
    expect(problems).toHaveLength(3);
  });

  it('ignores variables it does not know (the rest of the process environment)', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin', npm_config_cache: 'x' })).not.toThrow();
  });

  it('is documented: .env.example lists exactly the variables the schema reads', () => {
    const example = readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual([...ENV_VARIABLE_NAMES].sort());
    // And the example itself, as given, is a valid configuration.
    const values = Object.fromEntries([...example.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(values)).not.toThrow();
  });
});
