import { JobName } from './job-definitions';
import { PermanentJobError } from './job-errors';
import { JobHandlerRegistry } from './job-handler.registry';

describe('JobHandlerRegistry.execute', () => {
  const record = (payload: unknown) =>
    ({ id: 'j1', name: JobName.PurgeExpiredRecords, version: 1, payload, attempts: 0 }) as never;

  it('runs a job whose payload class is empty (the hourly purge, the evidence retry sweep)', async () => {
    const registry = new JobHandlerRegistry();
    let ran = 0;
    registry.register(JobName.PurgeExpiredRecords, async () => void ran++);
    await registry.execute(record({}));
    await registry.execute(record(null));
    expect(ran).toBe(2);
  });

  it('refuses properties the payload class does not declare, for good', async () => {
    const registry = new JobHandlerRegistry();
    registry.register(JobName.PurgeExpiredRecords, async () => undefined);
    await expect(registry.execute(record({ surprise: 1 }))).rejects.toBeInstanceOf(PermanentJobError);
  });
});
