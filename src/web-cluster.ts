import cluster, { Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import type { AppConfig } from './config/app-config';

// WEB_CONCURRENCY > 1: this process only supervises that many API processes (node cluster; they
// share the listening port and the kernel spreads connections over them), so one host uses all
// its cores, as several replicas behind a load balancer would. Each API process is the ordinary
// application: it migrates under the advisory lock, runs its share of the in-process jobs (the
// jobs table is claimed with SKIP LOCKED) and keeps its own caches. What they must share lives
// in PostgreSQL (and Redis: rate limits are per process without REDIS_URL).
//
// A process that dies is replaced; one that fails before it ever listened (bad configuration, a
// dependency down) stops the whole set, since its replacement would fail the same way.
export function superviseApiProcesses(config: AppConfig): void {
  const logger = new Logger('WebCluster');
  let stopping = false;
  const listened = new WeakSet<Worker>();
  const fork = () => cluster.fork();

  cluster.on('listening', (worker) => listened.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!listened.has(worker)) {
      logger.error({ msg: 'an API process failed to start; stopping', pid: worker.process.pid, code, signal });
      stop(1);
      return;
    }
    logger.warn({ msg: 'an API process exited; starting another', pid: worker.process.pid, code, signal });
    fork();
  });

  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit();
    // Each process shuts down like a single one would (enableShutdownHooks: finish requests, close the pool).
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));

  logger.log({ msg: `starting ${config.http.processes} API processes`, pid: process.pid });
  for (let i = 0; i < config.http.processes; i++) fork();
}
