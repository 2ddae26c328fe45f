import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { createHttpApp } from './bootstrap';
import { ConfigError } from './config/app-config';
import { loadConfigFromProcessEnv } from './config/config.module';
import { assertDependenciesReachable } from './health';
import { superviseApiProcesses } from './web-cluster';

async function main() {
  const startedAt = performance.now();
  const config = loadConfigFromProcessEnv();
  const app = await createHttpApp({ config });
  await app.init();
  await assertDependenciesReachable(app).catch(async (error: unknown) => {
    await app.close();
    throw error;
  });
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address() as { port: number };
  new Logger('Main').log({
    msg: `EDO API listening on http://${config.http.host}:${address.port} (${config.mode} mode)`,
    health: `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${address.port}/health`,
    cabinet: `${config.http.publicUrl}/app`,
    docs: `${config.http.publicUrl}/api/docs`,
    startupMs: Math.round(performance.now() - startedAt),
  });
}

async function start(): Promise<void> {
  if (cluster.isPrimary) {
    const config = loadConfigFromProcessEnv();
    if (config.http.processes > 1) return superviseApiProcesses(config);
  }
  await main();
}

start().catch((error: unknown) => {
  // A bad configuration names its variables; anything else (a dependency down at start) exits
  // with its reason and no stack noise.
  console.error(error instanceof ConfigError ? error.message : `Start-up failed: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
