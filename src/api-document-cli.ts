import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { API_DOCUMENT_FILE, createApiDocument } from './api-document';
import { AppModule } from './app.module';
import { loadConfig } from './config/app-config';

// `npm run openapi`: writes the published contract from the code. Nest's preview mode scans the
// modules and their routes without creating a provider, so no database or other service is needed.
async function main() {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview',
    LOG_LEVEL: 'error',
  });
  const app = await NestFactory.create(AppModule.register({ config, role: 'api' }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = createApiDocument(app);
  await app.close();
  const target = path.resolve(__dirname, '..', API_DOCUMENT_FILE);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), target)}: ${Object.keys(document.paths).length} paths`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
