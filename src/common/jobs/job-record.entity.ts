import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum JobState {
  // Waiting for its run time (or for the dispatcher).
  Pending = 'pending',
  // Handed to BullMQ, which now owns retries.
  Dispatched = 'dispatched',
  // Claimed by the in-process runner until `lockedUntil`.
  Running = 'running',
  Completed = 'completed',
  // Gave up after the last attempt; kept for inspection.
  Failed = 'failed',
}

// Every job is written here first, in the same transaction as the change that caused it
// (a transactional outbox): a job is never enqueued for a change that rolled back, and a job with
// a deadline survives any restart of Redis or of the process.
@Entity('jobs')
@Index('IDX_jobs_due', ['state', 'runAt'])
export class JobRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  // Enqueueing the same key twice yields one job.
  @Index('UQ_jobs_dedup_key', { unique: true, where: '"dedupKey" IS NOT NULL' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupKey!: string | null;

  @Column({ type: 'enum', enum: JobState, enumName: 'job_state', default: JobState.Pending })
  state!: JobState;

  @Column({ type: 'timestamptz' })
  runAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
