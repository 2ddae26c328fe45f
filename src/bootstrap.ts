import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { createApiDocument } from './api-document';
import cookieParser from 'cookie-parser';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import * as path from 'node:path';
import { AppModule, AppModuleOptions } from './app.module';
import { accessLogMiddleware } from './common/http/access-log.middleware';
import { apiCachePolicyMiddleware } from './common/http/api-cache-policy.middleware';
import { requestIdMiddleware } from './common/http/request-id.middleware';
import { assertJsonBodyWithinLimits } from './common/http/json-limits';
import { createValidationPipe } from './common/http/validation';
import { JsonLogger } from './common/logging/json-logger';
import type { AppConfig } from './config/app-config';

export interface HttpAppExtras {
  // Runs before every other middleware; the tests' API contract recorder (test/utils/api-contract.ts).
  firstMiddleware?: RequestHandler;
}

// Builds the HTTP application exactly as production runs it; tests use the same function.
export async function createHttpApp(
  options: Omit<AppModuleOptions, 'role'>,
  logger = new JsonLogger(options.config.logLevel),
  extras: HttpAppExtras = {},
) {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ ...options, role: 'api' }), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  if (extras.firstMiddleware) app.use(extras.firstMiddleware);
  configureHttpApp(app, options.config);
  app.enableShutdownHooks();

  return app;
}

function configureHttpApp(app: NestExpressApplication, config: AppConfig) {
  // How far req.ip looks into X-Forwarded-For (TrustProxySetting, src/config/env.schema.ts): a hop
  // count or the trusted proxies; never every hop in production (loadConfig refuses it).
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  // See apiCachePolicyMiddleware: nothing the API answers is cached, so no ETag is computed.
  app.set('etag', false);
  app.use(requestIdMiddleware);
  app.use(accessLogMiddleware);
  app.use(apiCachePolicyMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // The Swagger UI page needs inline styles and scripts; everything else is same-origin only.
        // The web cabinet's pages set their own, stricter policy (src/web-ui/web-ui.files.ts).
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  // The web cabinet's bundle (hashed file names under /assets, so they may be cached for good).
  // Mounted under /assets only, so API requests never pay a file lookup.
  app.useStaticAssets(path.join(config.webUi.dir, 'assets'), {
    prefix: '/assets/',
    index: false,
    redirect: false,
    immutable: true,
    maxAge: '365d',
  });
  app.use(cookieParser());
  // JSON bodies only here; document uploads stream through their own route (documents issue).
  // Depth and member counts are bounded before the body is parsed (json-limits.ts); the charset
  // must be a UTF (RFC 8259 §8.1), anything else is 415.
  app.useBodyParser('json', {
    limit: '1mb',
    verify: (_request: unknown, _response: unknown, body: Buffer, encoding: string) => assertJsonBodyWithinLimits(body, encoding),
  });
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app, config);
}

function setUpOpenApi(app: INestApplication, config: AppConfig) {
  SwaggerModule.setup('api/docs', app, createApiDocument(app, config.http.publicUrl), { jsonDocumentUrl: 'api/openapi.json' });
}
