import { MAINTENANCE_JOBS, MaintenanceJobName } from '../../maintenance.jobs';
import type { JobDefinitions } from './job-definitions';
import { PermanentJobError } from './job-errors';
import { JobHandlerRegistry } from './job-handler.registry';

// The registry only needs the definition of the job it runs here (the app gets every module's).
const DEFINITIONS = MAINTENANCE_JOBS as unknown as JobDefinitions;

describe('JobHandlerRegistry.execute', () => {
  const record = (payload: unknown) =>
    ({ id: 'j1', name: MaintenanceJobName.PurgeExpiredRecords, version: 1, payload, attempts: 0 }) as never;

  it('runs a job whose payload class is empty (the hourly purge, the evidence retry sweep)', async () => {
    const registry = new JobHandlerRegistry(DEFINITIONS);
    let ran = 0;
    registry.register(MaintenanceJobName.PurgeExpiredRecords, async () => void ran++);
    await registry.execute(record({}));
    await registry.execute(record(null));
    expect(ran).toBe(2);
  });

  it('refuses properties the payload class does not declare, for good', async () => {
    const registry = new JobHandlerRegistry(DEFINITIONS);
    registry.register(MaintenanceJobName.PurgeExpiredRecords, async () => undefined);
    await expect(registry.execute(record({ surprise: 1 }))).rejects.toBeInstanceOf(PermanentJobError);
  });
});

describe('JobHandlerRegistry.register', () => {
  it("refuses a handler for a job the root's merged definitions do not have (a module left out of src/jobs.ts)", () => {
    const registry = new JobHandlerRegistry({} as JobDefinitions);
    expect(() => registry.register(MaintenanceJobName.PurgeExpiredRecords, async () => undefined)).toThrow(
      /no definition for job maintenance.purge-expired/,
    );
  });
});
