import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DocumentRecord } from './document.entity';
import { DocumentSignature } from './document-signature.entity';

// The immutable history of a document (append-only: a trigger refuses UPDATE/DELETE). seq numbers
// the events of one document without gaps, assigned under the document row lock.
@Entity('document_events')
@Unique(['documentId', 'seq'])
export class DocumentEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  documentId!: string;

  @ManyToOne(() => DocumentRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'documentId' })
  document?: DocumentRecord;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 60 })
  type!: string;

  @Column({ type: 'uuid', nullable: true })
  recipientId!: string | null;

  // Null for an unregistered recipient acting through its e-mailed link.
  @Column({ type: 'uuid', nullable: true })
  actorOrganizationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'varchar', length: 300 })
  actorLabel!: string;

  @Column({ type: 'uuid', nullable: true })
  signatureId!: string | null;

  @ManyToOne(() => DocumentSignature, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'signatureId' })
  signature?: DocumentSignature | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  // The exact signed statement text (statement-based actions).
  @Column({ type: 'text', nullable: true })
  statement!: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
