import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum IdempotencyState {
  InProgress = 'in_progress',
  Completed = 'completed',
}

// The stored outcome of a POST made with an Idempotency-Key, per principal.
@Entity('idempotency_records')
@Index('UQ_idempotency_scope_key', ['scope', 'key'], { unique: true })
export class IdempotencyRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Who may replay it: "api_key:<id>", "user:<id>:<orgId>" or "operator".
  @Column({ type: 'varchar', length: 120 })
  scope!: string;

  @Column({ type: 'varchar', length: 255 })
  key!: string;

  // SHA-256 over method, path and body: a reused key with another request is a conflict.
  @Column({ type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'enum', enum: IdempotencyState, enumName: 'idempotency_state' })
  state!: IdempotencyState;

  @Column({ type: 'int', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Index('IDX_idempotency_expires')
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
