import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// One line of an organization's event feed. Append-only: a trigger (migration
// IntegrationsAppendOnly) refuses UPDATE and DELETE. `seq` is the organization's own cursor:
// 1, 2, 3… without gaps, assigned under the row lock of the organization's counter (see
// OrganizationEventsService.record), so a reader never sees seq 12 before 11 has committed.
@Entity('organization_events')
@Index('UQ_organization_events_org_seq', ['organizationId', 'seq'], { unique: true })
@Index('IDX_organization_events_org_document', ['organizationId', 'documentId', 'seq'])
// The daily digest looks for organizations that received documents in a time window.
@Index('IDX_organization_events_type_created', ['type', 'createdAt'])
export class OrganizationEvent {
  // A random id (not a global counter, which would tell a tenant how busy the others are).
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  // bigint: TypeORM hands it over as a string.
  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'uuid' })
  documentId!: string;

  @Column({ type: 'uuid', nullable: true })
  recipientId!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  // From the injectable Clock, not the database, so that digests and tests share one time.
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}

// The last seq given out per organization. Its row is the per-organization lock that orders
// concurrent writers of one feed; writers of different organizations never wait for each other.
@Entity('organization_event_counters')
export class OrganizationEventCounter {
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'bigint' })
  lastSeq!: string;
}
