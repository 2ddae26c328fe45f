import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { isIP } from 'node:net';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
};
const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// Express's `trust proxy` setting (https://expressjs.com/en/guide/behind-proxies.html), which decides
// how far into X-Forwarded-For req.ip looks: false (the socket's address), a hop count (the address
// the n-th proxy in front of us saw; 1 = the nearest proxy's entry, the right-most), or the trusted
// proxies by address, CIDR or one of Express's names. true trusts every hop, so req.ip is the
// left-most entry, which the client writes itself (loadConfig refuses it in production).
export type TrustProxySetting = boolean | number | string[];
export const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;
const MAX_TRUST_PROXY_HOPS = 32;

function isTrustedProxyEntry(entry: string): boolean {
  if ((TRUST_PROXY_NAMES as readonly string[]).includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  // No IPv6 zone ids (fe80::1%eth0): Express's address parser does not take them.
  const family = address.includes('%') ? 0 : isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

// The setting a TRUST_PROXY value stands for, or undefined when it is none.
export function parseTrustProxy(text: string): TrustProxySetting | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > MAX_TRUST_PROXY_HOPS) return undefined;
    return hops === 0 ? false : hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.every(isTrustedProxyEntry) ? entries : undefined;
}

function IsTrustProxy(): PropertyDecorator {
  return ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseTrustProxy(value) !== undefined,
      defaultMessage: () =>
        `must be false, a hop count up to ${MAX_TRUST_PROXY_HOPS} (1: trust the nearest proxy only) or a comma-separated ` +
        `list of trusted proxy addresses, CIDRs and ${TRUST_PROXY_NAMES.join(', ')}`,
    },
  });
}

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const LOCALES = ['kk', 'ru', 'en'] as const;
// Named sets of trust anchors the verifier may use. Both are test material: the project's own
// test PKI (certs/test-pki) and the NCA RK test CAs (certs/nca-test). The pinned production NCA
// RK CAs (certs/production, `npm run certs:fetch`) are the store 'nca-production' in
// src/signing/api/trust-stores.ts.
export const TRUST_STORE_NAMES = ['nca-production', 'test-pki', 'nca-test'] as const;
// Stores holding test material: never trusted when NODE_ENV=production.
export const TEST_TRUST_STORE_NAMES: readonly TrustStoreName[] = ['test-pki', 'nca-test'];
export type TrustStoreName = (typeof TRUST_STORE_NAMES)[number];
// Role names of NCA certificates (EKU arc 1.2.398.3.3.4.1, kz-pki.md §1.2), as the verifier reports them.
export const CERTIFICATE_ROLE_NAMES = ['ORGANIZATION', 'CEO', 'CAN_SIGN', 'CAN_SIGN_FINANCIAL', 'HR', 'EMPLOYEE'] as const;

// Every variable the service reads (each property has an initializer, so the list of names is
// `Object.keys(new EnvSchema())`). `.env.example` documents each one; a test keeps the two in step.
// An absent external URL (DATABASE_URL, REDIS_URL, S3_ENDPOINT, SMTP_URL) selects the embedded
// adapter for that concern, so the service starts with no environment at all.
export class EnvSchema {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  // API processes on this host sharing PORT (node cluster); 1 = this process serves alone.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WEB_CONCURRENCY = 1;

  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL?: string = undefined;

  // Where the web cabinet's pages reach NCALayer (its local WebSocket). The real NCALayer always
  // listens on wss://127.0.0.1:13579; another address only makes sense for an emulator.
  @Matches(/^wss?:\/\/[^\s/]+(:\d+)?\/?$/, { message: 'NCALAYER_URL must be a ws:// or wss:// origin' })
  NCALAYER_URL = 'wss://127.0.0.1:13579';

  // Folder of the built web cabinet (npm run build:web); default: dist/public of this checkout.
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  WEB_UI_DIR?: string = undefined;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IsString()
  @MinLength(2)
  SERVICE_REGION = 'kz-almaty';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsIn(LOCALES)
  DEFAULT_LOCALE: (typeof LOCALES)[number] = 'ru';

  // See TrustProxySetting: false, a hop count, or the trusted proxies (loopback, 10.0.0.0/8, ...).
  @IsTrustProxy()
  TRUST_PROXY = 'false';

  // --- database
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must look like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string = undefined;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  // Frequent statements as server-side prepared statements (parsed and planned once per
  // connection). Turn off behind a pooler in transaction mode (e.g. PgBouncer pool_mode=transaction).
  @Transform(toBool)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_DB_PORT = 0;

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN_ON_START = true;

  // --- object storage
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string = undefined;

  @ValidateIf((env: EnvSchema) => env.S3_ENDPOINT !== undefined)
  @IsString()
  @MinLength(1)
  S3_ACCESS_KEY?: string = undefined;

  @ValidateIf((env: EnvSchema) => env.S3_ENDPOINT !== undefined)
  @IsString()
  @MinLength(1)
  S3_SECRET_KEY?: string = undefined;

  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid S3 bucket name' })
  S3_BUCKET = 'edo-documents';

  @IsString()
  S3_REGION = 'kz-almaty';

  // --- jobs
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^rediss?:\/\/\S+$/, {
    message: 'REDIS_URL must look like redis://host:6379',
  })
  REDIS_URL?: string = undefined;

  @Matches(/^[a-z0-9_-]+$/i)
  JOBS_PREFIX = 'edo';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  JOBS_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  JOBS_BACKOFF_MS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  JOBS_POLL_INTERVAL_MS = 1000;

  // With Redis: how long a job row handed to BullMQ stays 'dispatched' before the dispatcher hands
  // it again (a no-op while BullMQ holds the job; it recovers rows of a dispatcher killed between
  // claiming them and adding them to Redis).
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  JOBS_DISPATCH_LOCK_MS = 300_000;

  // --- mail
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'SMTP_URL must look like smtp://user:password@host:587',
  })
  SMTP_URL?: string = undefined;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'EDO <no-reply@edo.local>';

  // --- security
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_TTL_HOURS = 12;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  COOKIE_SECURE?: boolean = undefined;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_PER_MINUTE = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 20;

  // Requests per minute per client IP to the e-mailed link routes and the public document card
  // together (on top of RATE_LIMIT_PER_MINUTE): higher than the login budget, since a portal acts
  // for many outsiders from one address and the tokens are unguessable.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LINK_RATE_LIMIT_PER_MINUTE = 120;

  // Lookups per minute per organization of whom a BIN/IIN belongs to (GET /participants/{id}):
  // enough for a person typing in the send form, too few to walk the register of names.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  PARTICIPANT_LOOKUP_RATE_LIMIT_PER_MINUTE = 20;

  // --- signature verification
  @Transform(toBool)
  @IsBoolean()
  REVOCATION_ONLINE = true;

  // Worker threads verifying signatures off the event loop (src/signing/api/verification-pool.ts);
  // unset: one less than the CPU cores, at least 1. 0 verifies on the event loop (not for a
  // public service: one hostile CMS then holds every request).
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(64)
  VERIFICATION_WORKERS?: number = undefined;

  // Verifications of ordinary size waiting for a worker (the light lane); beyond it a request is
  // refused with 503 VERIFICATION_BUSY. Each waits ~1-3 ms of a worker's CPU, and every document
  // signature, login and registration goes this way: room for bursts of normal traffic.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  VERIFICATION_QUEUE_LIMIT = 256;

  // The same for the heavy lane (large CMS, content over 1 MiB, supplied evidence): each waiting
  // task may hold megabytes, so few.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  VERIFICATION_HEAVY_QUEUE_LIMIT = 16;

  // Comma-separated trust stores (see TRUST_STORE_NAMES); unset: the test stores outside
  // production, the pinned NCA RK CAs (nca-production) in production.
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^\s*[a-z0-9-]+(\s*,\s*[a-z0-9-]+)*\s*$/, { message: 'TRUST_STORES must be a comma-separated list of store names' })
  TRUST_STORES?: string = undefined;

  // RFC 3161 TSA of the signature evidence upgrade (src/signing/upgrade: CAdES-B-T / B-LT), e.g.
  // http://tsp.pki.gov.kz/ (kz-pki.md §3.4). Unset: the upgrade service time-stamps nothing.
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'TSA_URL must be an http(s) URL' })
  TSA_URL?: string = undefined;

  // reqPolicy of the time-stamp requests (NCA: 1.2.398.3.3.2.6.x); unset: the TSA's default.
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[0-2](\.\d+)+$/, { message: 'TSA_POLICY_OID must be a dotted OID' })
  TSA_POLICY_OID?: string = undefined;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  TSA_TIMEOUT_MS = 10_000;

  // Operator's own signing key (PKCS#12 with an RSA SIGN key) for documents the service signs,
  // e.g. access acts. Unset: signing is unavailable, everything else works.
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  OPERATOR_SIGNER_P12_PATH?: string = undefined;

  @ValidateIf((env: EnvSchema) => env.OPERATOR_SIGNER_P12_PATH !== undefined)
  @IsString({ message: 'OPERATOR_SIGNER_P12_PASSWORD is required with OPERATOR_SIGNER_P12_PATH' })
  OPERATOR_SIGNER_P12_PASSWORD?: string = undefined;

  // Operator (service owner) API: disabled while unset.
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MinLength(32, {
    message: 'OPERATOR_TOKEN must be at least 32 characters long',
  })
  OPERATOR_TOKEN?: string = undefined;

  // --- legal texts, registration and login by ЭЦП (src/legal, src/identity)
  // A new offer / privacy policy version must be published at least this many days before it takes effect.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  LEGAL_NOTICE_DAYS = 5;

  // Certificate roles (EKU, kz-pki.md §1.2) allowed to register a legal entity, comma-separated.
  @Matches(/^\s*[A-Z_]+(\s*,\s*[A-Z_]+)*\s*$/, {
    message: 'REGISTRATION_LEGAL_ENTITY_ROLES must be a comma-separated list of roles such as CEO,CAN_SIGN',
  })
  REGISTRATION_LEGAL_ENTITY_ROLES = 'CEO,CAN_SIGN';

  // Revocation policy of the signatures the service accepts (documents, actions, registration,
  // login): 'require' (default). 'prefer' is still accepted for old configurations and, since
  // issue 14, means the same: a signature whose certificate status is unknown is refused.
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(['require', 'prefer'])
  SIGNATURE_REVOCATION_MODE?: 'require' | 'prefer' = undefined;

  // Which keys may sign a login challenge: AUTH, SIGN or ANY (both).
  @IsIn(['AUTH', 'SIGN', 'ANY'])
  SIGNATURE_LOGIN_KEY_USAGE: 'AUTH' | 'SIGN' | 'ANY' = 'ANY';

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(900)
  SIGNATURE_CHALLENGE_TTL_SECONDS = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  INVITATION_TTL_DAYS = 14;

  // --- webhooks and notifications (src/integrations)
  // 32-byte key (64 hex characters or base64) that encrypts webhook signing secrets at rest.
  // Required in production; elsewhere a fixed development key is used with a warning at boot.
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
    message: 'WEBHOOK_SECRET_KEY must be 32 bytes as 64 hex characters or base64',
  })
  WEBHOOK_SECRET_KEY?: string = undefined;

  // How long one webhook POST may take before it counts as failed.
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  // Webhooks may point at private, loopback and link-local addresses (checked at registration
  // and on every connection, after DNS resolution). Off by default in every mode (SSRF); on only
  // where the receivers live in the service's own network, e.g. a test receiver on 127.0.0.1.
  @Transform(toBool)
  @IsBoolean({ message: 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES = false;

  // The local address webhook deliveries leave from (a host with several addresses: the one the
  // receivers allow-list); unset: the system's choice.
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIP(undefined, { message: 'WEBHOOK_LOCAL_ADDRESS must be an IPv4 or IPv6 address' })
  WEBHOOK_LOCAL_ADDRESS?: string;

  // Deliveries failed for good (after every retry) in a row before a webhook is switched off.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_DISABLE_AFTER_FAILURES = 20;

  // Hour (UTC) of the daily digest of documents awaiting action; 3 = 08:00 in Astana.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  NOTIFICATION_DIGEST_HOUR_UTC = 3;

  // Largest document a client may upload, in bytes (default 100 MiB).
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;

  // Lifetime of the e-mailed link that lets an unregistered recipient open a document.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  DOCUMENT_LINK_TTL_DAYS = 30;

  // How long a server-issued statement (receipt, refusal, ...) may wait for its signature.
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  DOCUMENT_STATEMENT_TTL_SECONDS = 900;
}
