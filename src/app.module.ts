import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { AuditInterceptor, AuditModule } from './audit';
import { Clock } from './common/clock';
import { ErrorFilter } from './common/errors/error.filter';
import { clientAddress, clientSource } from './common/http/client-source';
import { MemoryThrottlerStorage } from './common/http/memory-throttler.storage';
import { RedisThrottlerStorage } from './common/http/redis-throttler.storage';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { IdempotencyRepository } from './common/idempotency/idempotency.repository';
import { IdempotencyScope } from './common/idempotency/idempotency-context';
import { IdempotencyResponseBox } from './common/idempotency/idempotency-response-box';
import { JobsModule } from './common/jobs/jobs.module';
import { MailModule } from './common/mail/mail.module';
import { MaintenanceJobs, MaintenanceRepository } from './maintenance';
import { PROCESS_ROLE, ProcessRole } from './common/process-role';
import { LINK_THROTTLED, LOGIN_THROTTLED } from './common/security/decorators';
import { StorageModule } from './common/storage/storage.module';
import { WebUiFilesModule } from './common/http/web-ui-files';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { APP_ENTITIES } from './entities';
import { DocumentsModule } from './documents';
import { HealthModule } from './health';
import { AuthGuard, IdentityModule } from './identity';
import { IntegrationsModule } from './integrations';
import { LegalModule } from './legal';
import {
  DocumentSignerModule,
  type HttpFetcher,
  REVOCATION_FETCHER,
  type RevocationFetcher,
  SignatureVerificationModule,
  testPkiRevocationFetcher,
  TSA_FETCHER,
} from './signing';
import { WebUiModule } from './web-ui';
import { APP_JOB_DEFINITIONS } from './jobs';

export interface AppModuleOptions {
  config: AppConfig;
  role: ProcessRole;
  // Tests pass a ManualClock.
  clock?: Clock;
  // Tests route OCSP/CRL requests to the in-process test responder. Default: node's fetch, with
  // the test PKI's addresses answered from its CRL files outside production (bundled-crls.ts).
  revocationFetcher?: RevocationFetcher;
  // Tests route RFC 3161 requests (TSA_URL) to an in-process TSA; default: node's fetch.
  tsaFetcher?: HttpFetcher;
}

// Registered as a provider too, so that shutdown stops it (Redis connection, sweep timer).
const THROTTLER_STORAGE_INSTANCE = 'edo:throttler-storage';

const isLoginRoute = (context: ExecutionContext) => Reflect.getMetadata(LOGIN_THROTTLED, context.getHandler()) === true;
const isLinkRoute = (context: ExecutionContext) => Reflect.getMetadata(LINK_THROTTLED, context.getHandler()) === true;

@Module({})
export class AppModule {
  static register({ config, role, clock = new Clock(), tsaFetcher, ...options }: AppModuleOptions): DynamicModule {
    const revocationFetcher =
      options.revocationFetcher ?? (config.verification.testPkiRevocation ? testPkiRevocationFetcher() : undefined);
    const fetcherProviders = [
      ...(revocationFetcher ? [{ provide: REVOCATION_FETCHER, useValue: revocationFetcher }] : []),
      ...(tsaFetcher ? [{ provide: TSA_FETCHER, useValue: tsaFetcher }] : []),
    ];
    const http = role === 'api';
    // Redis: shared by every API replica. Otherwise this process counts alone.
    const throttlerStorage = config.jobs.redisUrl
      ? new RedisThrottlerStorage(config.jobs.redisUrl, config.jobs.prefix)
      : new MemoryThrottlerStorage();

    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(APP_ENTITIES),
        StorageModule,
        WebUiFilesModule,
        JobsModule.forRoot(APP_JOB_DEFINITIONS),
        MailModule,
        AuditModule,
        IdentityModule,
        IntegrationsModule,
        DocumentsModule,
        LegalModule,
        HealthModule,
        SignatureVerificationModule,
        DocumentSignerModule.forRoot(config.operatorSigner),
        WebUiModule,
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: config.security.rateLimitPerMinute },
            {
              name: 'login',
              ttl: 60_000,
              limit: config.security.loginRateLimitPerMinute,
              skipIf: (context) => !isLoginRoute(context),
            },
            {
              name: 'link',
              ttl: 60_000,
              limit: config.security.linkRateLimitPerMinute,
              skipIf: (context) => !isLinkRoute(context),
            },
          ],
          storage: throttlerStorage,
          // One budget per client IP across all routes (the library's default key is per route):
          // the storage keeps one counter per throttler name and IP.
          generateKey: (_context, tracker) => tracker,
          // The client's address only when it is one (see clientAddress), by the lockout's rule.
          getTracker: (request) => clientSource(clientAddress(request)),
          errorMessage: 'rate limited',
        }),
      ],
      providers: [
        { provide: Clock, useValue: clock },
        { provide: PROCESS_ROLE, useValue: role },
        ...fetcherProviders,
        IdempotencyRepository,
        IdempotencyResponseBox,
        IdempotencyScope,
        MaintenanceRepository,
        MaintenanceJobs,
        ...(http
          ? [
              { provide: APP_GUARD, useClass: ThrottlerGuard },
              { provide: APP_GUARD, useExisting: AuthGuard },
              { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
              { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
              { provide: APP_FILTER, useClass: ErrorFilter },
            ]
          : []),
        { provide: THROTTLER_STORAGE_INSTANCE, useValue: throttlerStorage },
        Reflector,
      ],
      exports: [Clock, PROCESS_ROLE, IdempotencyScope, ...fetcherProviders.map((p) => p.provide)],
      global: true,
    };
  }
}
