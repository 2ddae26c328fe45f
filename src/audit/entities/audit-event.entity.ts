import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ActorType {
  User = 'user',
  ApiKey = 'api_key',
  Operator = 'operator',
  Anonymous = 'anonymous',
  System = 'system',
}

export enum AuditResult {
  Success = 'success',
  Failure = 'failure',
}

// Append-only: a trigger created by the migration rejects UPDATE and DELETE [A 6.5].
@Entity('audit_events')
@Index('IDX_audit_events_org_seq', ['organizationId', 'seq'])
export class AuditEvent {
  // Monotonic sequence: the cursor for pagination and the order of events.
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'enum', enum: ActorType, enumName: 'audit_actor_type' })
  actorType!: ActorType;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  // Human-readable actor (e-mail, API key prefix, login tried): kept even if the actor is deleted.
  @Column({ type: 'varchar', length: 320, nullable: true })
  actorLabel!: string | null;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  targetId!: string | null;

  @Column({ type: 'enum', enum: AuditResult, enumName: 'audit_result' })
  result!: AuditResult;

  @Column({ type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  httpMethod!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  path!: string | null;

  @Column({ type: 'int', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
