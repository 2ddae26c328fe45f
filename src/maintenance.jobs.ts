import { defineJobs } from './common/jobs/job-definitions';

export enum MaintenanceJobName {
  PurgeExpiredRecords = 'maintenance.purge-expired',
}

export class PurgeExpiredRecordsPayload {}

declare module './common/jobs/job-definitions' {
  interface JobPayloads {
    [MaintenanceJobName.PurgeExpiredRecords]: PurgeExpiredRecordsPayload;
  }
}

export const MAINTENANCE_JOBS = defineJobs({
  [MaintenanceJobName.PurgeExpiredRecords]: { version: 1, payload: PurgeExpiredRecordsPayload },
});
