import type { INestApplicationContext } from '@nestjs/common';
import { HealthService } from './health.service';

// A dependency that is down when the process starts is a deployment error: stop with its name
// instead of serving a service that cannot work. (Once running, /health reports it degraded.)
export async function assertDependenciesReachable(app: INestApplicationContext): Promise<void> {
  const report = await app.get(HealthService).check();
  const down = Object.entries(report.checks).filter(([, check]) => check.status !== 'ok');
  if (down.length) {
    const reasons = down.map(([name, check]) => `${name} (${check.driver}): ${check.error}`).join('; ');
    throw new Error(`dependency not reachable: ${reasons}`);
  }
}
