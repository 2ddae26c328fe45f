import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError } from './config/app-config';
import { loadConfigFromProcessEnv } from './config/config.module';
import { JsonLogger } from './common/logging/json-logger';
import { assertDependenciesReachable } from './health';

// The same modules without HTTP: consumes jobs. Scale it apart from the API.
async function main() {
  const config = loadConfigFromProcessEnv();
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, role: 'worker' }), {
    logger: new JsonLogger(config.logLevel),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await assertDependenciesReachable(app).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  new Logger('Worker').log(`EDO worker running (${config.jobs.driver} jobs, ${config.mode} mode)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
