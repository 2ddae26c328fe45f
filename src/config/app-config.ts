import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CERTIFICATE_ROLE_NAMES,
  EnvSchema,
  LOCALES,
  parseTrustProxy,
  TEST_TRUST_STORE_NAMES,
  TRUST_STORE_NAMES,
  TrustProxySetting,
  TrustStoreName,
} from './env.schema';

export const ENV_VARIABLE_NAMES: readonly string[] = Object.keys(new EnvSchema());

export type Locale = (typeof LOCALES)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

// The typed, validated configuration. Built once at boot from the environment; nothing else in
// the code base reads process.env.
export class AppConfig {
  readonly env: EnvSchema['NODE_ENV'];
  readonly isProduction: boolean;
  readonly http: { port: number; host: string; publicUrl: string; trustProxy: TrustProxySetting; processes: number };
  readonly webUi: { dir: string; ncaLayerUrl: string };
  readonly dataDir: string;
  readonly serviceRegion: string;
  readonly logLevel: EnvSchema['LOG_LEVEL'];
  readonly defaultLocale: Locale;
  readonly database:
    | { mode: 'external'; url: string; poolSize: number; preparedStatements: boolean; runMigrationsOnStart: boolean }
    | { mode: 'embedded'; dataDir: string; port: number; poolSize: number; runMigrationsOnStart: boolean };
  readonly storage:
    | { driver: 's3'; endpoint: string; accessKey: string; secretKey: string; bucket: string; region: string }
    | { driver: 'local'; dir: string };
  readonly jobs: {
    driver: 'bullmq' | 'in-process';
    redisUrl?: string;
    prefix: string;
    attempts: number;
    backoffMs: number;
    pollIntervalMs: number;
    dispatchLockMs: number;
  };
  readonly mail: { driver: 'smtp'; url: string; from: string } | { driver: 'file'; dir: string; from: string };
  // testPkiRevocation: the test PKI's CRLs (certs/test-pki) answer its revocation addresses
  // in-process (src/signing/api/bundled-crls.ts); outside production when it is trusted.
  readonly verification: {
    revocationOnline: boolean;
    trustStores: TrustStoreName[];
    testPkiRevocation: boolean;
    workers: number;
    queueLimit: number;
    heavyQueueLimit: number;
  };
  // RFC 3161 TSA of the signature evidence upgrade (src/signing/upgrade); url undefined: none.
  readonly timestamping: { tsaUrl?: string; policyOid?: string; timeoutMs: number };
  // The operator's own key store (src/signing/signer), for documents the service signs itself
  // (billing's access acts); both undefined: no operator signer, signing says what is missing.
  readonly operatorSigner: { p12Path?: string; p12Password?: string };
  readonly security: {
    sessionTtlMs: number;
    cookieSecure: boolean;
    rateLimitPerMinute: number;
    loginRateLimitPerMinute: number;
    linkRateLimitPerMinute: number;
    participantLookupsPerMinute: number;
    operatorToken?: string;
  };
  readonly legal: { noticeDays: number };
  readonly integrations: {
    // Undefined: no key configured (the development key is used, see IntegrationsModule).
    webhookSecretKey?: Buffer;
    webhookTimeoutMs: number;
    webhookAllowPrivateAddresses: boolean;
    // The local address deliveries leave from; undefined: the system's choice.
    webhookLocalAddress?: string;
    webhookDisableAfterFailures: number;
    digestHourUtc: number;
  };
  readonly signatureAuth: {
    revocation: 'require' | 'prefer';
    loginKeyUsage: 'AUTH' | 'SIGN' | 'ANY';
    challengeTtlMs: number;
    legalEntityRoles: string[];
    invitationTtlMs: number;
  };
  readonly documents: { maxBytes: number; linkTtlMs: number; statementTtlMs: number };

  constructor(env: EnvSchema) {
    const dataDir = path.resolve(env.DATA_DIR);
    this.env = env.NODE_ENV;
    this.isProduction = env.NODE_ENV === 'production';
    this.http = {
      port: env.PORT,
      host: env.HOST,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      trustProxy: parseTrustProxy(env.TRUST_PROXY)!,
      processes: env.WEB_CONCURRENCY,
    };
    this.webUi = {
      dir: path.resolve(env.WEB_UI_DIR ?? path.join(__dirname, '../../dist/public')),
      ncaLayerUrl: env.NCALAYER_URL.replace(/\/+$/, ''),
    };
    this.dataDir = dataDir;
    this.serviceRegion = env.SERVICE_REGION;
    this.logLevel = env.LOG_LEVEL;
    this.defaultLocale = env.DEFAULT_LOCALE;
    this.database = env.DATABASE_URL
      ? {
          mode: 'external',
          url: env.DATABASE_URL,
          poolSize: env.DATABASE_POOL_SIZE,
          preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
          runMigrationsOnStart: env.MIGRATIONS_RUN_ON_START,
        }
      : {
          mode: 'embedded',
          dataDir: path.join(dataDir, 'pg'),
          port: env.EMBEDDED_DB_PORT,
          poolSize: Math.min(env.DATABASE_POOL_SIZE, 5),
          runMigrationsOnStart: env.MIGRATIONS_RUN_ON_START,
        };
    this.storage = env.S3_ENDPOINT
      ? {
          driver: 's3',
          endpoint: env.S3_ENDPOINT,
          accessKey: env.S3_ACCESS_KEY!,
          secretKey: env.S3_SECRET_KEY!,
          bucket: env.S3_BUCKET,
          region: env.S3_REGION,
        }
      : { driver: 'local', dir: path.join(dataDir, 'objects') };
    this.jobs = {
      driver: env.REDIS_URL ? 'bullmq' : 'in-process',
      redisUrl: env.REDIS_URL,
      prefix: env.JOBS_PREFIX,
      attempts: env.JOBS_ATTEMPTS,
      backoffMs: env.JOBS_BACKOFF_MS,
      pollIntervalMs: env.JOBS_POLL_INTERVAL_MS,
      dispatchLockMs: env.JOBS_DISPATCH_LOCK_MS,
    };
    this.mail = env.SMTP_URL
      ? { driver: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM }
      : { driver: 'file', dir: path.join(dataDir, 'mail'), from: env.MAIL_FROM };
    const trustStores: TrustStoreName[] = env.TRUST_STORES
      ? (env.TRUST_STORES.split(',').map((name) => name.trim()) as TrustStoreName[])
      : this.isProduction
        ? ['nca-production']
        : [...TEST_TRUST_STORE_NAMES];
    this.verification = {
      revocationOnline: env.REVOCATION_ONLINE,
      trustStores,
      testPkiRevocation: !this.isProduction && trustStores.includes('test-pki'),
      workers: env.VERIFICATION_WORKERS ?? Math.max(1, os.availableParallelism() - 1),
      queueLimit: env.VERIFICATION_QUEUE_LIMIT,
      heavyQueueLimit: env.VERIFICATION_HEAVY_QUEUE_LIMIT,
    };
    this.timestamping = { tsaUrl: env.TSA_URL, policyOid: env.TSA_POLICY_OID, timeoutMs: env.TSA_TIMEOUT_MS };
    this.operatorSigner = { p12Path: env.OPERATOR_SIGNER_P12_PATH, p12Password: env.OPERATOR_SIGNER_P12_PASSWORD };
    this.security = {
      sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
      cookieSecure: env.COOKIE_SECURE ?? this.isProduction,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
      linkRateLimitPerMinute: env.LINK_RATE_LIMIT_PER_MINUTE,
      participantLookupsPerMinute: env.PARTICIPANT_LOOKUP_RATE_LIMIT_PER_MINUTE,
      operatorToken: env.OPERATOR_TOKEN,
    };
    this.legal = { noticeDays: env.LEGAL_NOTICE_DAYS };
    this.integrations = {
      webhookSecretKey: env.WEBHOOK_SECRET_KEY
        ? Buffer.from(env.WEBHOOK_SECRET_KEY, /^[0-9a-f]{64}$/i.test(env.WEBHOOK_SECRET_KEY) ? 'hex' : 'base64')
        : undefined,
      webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
      webhookAllowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
      webhookLocalAddress: env.WEBHOOK_LOCAL_ADDRESS,
      webhookDisableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
      digestHourUtc: env.NOTIFICATION_DIGEST_HOUR_UTC,
    };
    this.signatureAuth = {
      // A signature whose revocation status is unknown is refused in every mode (503
      // SIGNATURE_REVOCATION_UNAVAILABLE); 'prefer' is still accepted and means the same.
      revocation: env.SIGNATURE_REVOCATION_MODE ?? 'require',
      loginKeyUsage: env.SIGNATURE_LOGIN_KEY_USAGE,
      challengeTtlMs: env.SIGNATURE_CHALLENGE_TTL_SECONDS * 1000,
      legalEntityRoles: env.REGISTRATION_LEGAL_ENTITY_ROLES.split(',').map((role) => role.trim()),
      invitationTtlMs: env.INVITATION_TTL_DAYS * 86_400_000,
    };
    this.documents = {
      maxBytes: env.DOCUMENT_MAX_BYTES,
      linkTtlMs: env.DOCUMENT_LINK_TTL_DAYS * 86_400_000,
      statementTtlMs: env.DOCUMENT_STATEMENT_TTL_SECONDS * 1000,
    };
  }

  // True when every backing service is the in-process/embedded one.
  get mode(): 'embedded' | 'external' {
    return this.database.mode;
  }
}

// One line per bad variable, starting with its name.
function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    const messages = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    );
    return `${error.property} ${messages.join('; ')}`;
  });
}

// Validates the raw environment and returns the typed configuration, or throws a ConfigError
// whose message names every bad variable.
export function loadConfig(raw: Record<string, string | undefined>): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of ENV_VARIABLE_NAMES) {
    // `NAME=` (as in .env files) means unset.
    if (raw[key] !== undefined && raw[key] !== '') relevant[key] = raw[key] as string;
  }
  const env = plainToInstance(EnvSchema, relevant, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: true });
  const problems = describe(errors);
  if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL) {
    problems.push('WEB_CONCURRENCY > 1 needs DATABASE_URL (the embedded database belongs to one process)');
  }
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
  }
  // Trusting every hop lets a client name any address in X-Forwarded-For: a fresh one per request
  // gives it fresh password guesses and a fresh rate budget. Tests outside production may use it.
  if (env.NODE_ENV === 'production' && parseTrustProxy(env.TRUST_PROXY) === true) {
    problems.push(
      'TRUST_PROXY=true trusts every X-Forwarded-For hop, so any client could choose its own address (and skip the ' +
        'login lockout and rate limits); it is refused when NODE_ENV=production: give the number of proxies in front ' +
        'of the service (e.g. 1) or their addresses/CIDRs',
    );
  }
  const stores = env.TRUST_STORES?.split(',').map((name) => name.trim()) ?? [];
  const unknownStores = stores.filter((name) => !(TRUST_STORE_NAMES as readonly string[]).includes(name));
  if (unknownStores.length) {
    problems.push(`TRUST_STORES names unknown stores: ${unknownStores.join(', ')} (known: ${TRUST_STORE_NAMES.join(', ')})`);
  } else if (
    env.NODE_ENV === 'production' &&
    stores.some((name) => (TEST_TRUST_STORE_NAMES as readonly string[]).includes(name))
  ) {
    const test = stores.filter((name) => (TEST_TRUST_STORE_NAMES as readonly string[]).includes(name));
    problems.push(`TRUST_STORES: ${test.join(', ')} hold test certificates and may not be trusted when NODE_ENV=production`);
  }
  const unknownRoles = env.REGISTRATION_LEGAL_ENTITY_ROLES.split(',')
    .map((role) => role.trim())
    .filter((role) => role && !(CERTIFICATE_ROLE_NAMES as readonly string[]).includes(role));
  if (unknownRoles.length) {
    problems.push(
      `REGISTRATION_LEGAL_ENTITY_ROLES names unknown roles: ${unknownRoles.join(', ')} (known: ${CERTIFICATE_ROLE_NAMES.join(', ')})`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return new AppConfig(env);
}
