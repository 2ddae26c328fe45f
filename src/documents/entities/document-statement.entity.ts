import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A statement the server issued for one actor, document and action: only its SHA-256 is kept, it
// expires after DOCUMENT_STATEMENT_TTL_SECONDS and is consumed by the action it was issued for.
@Entity('document_statements')
export class DocumentStatement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  documentId!: string;

  @Column({ type: 'uuid', nullable: true })
  recipientId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ type: 'varchar', length: 10 })
  side!: 'sender' | 'recipient';

  // The organization that asked for it, or null when issued through a recipient link.
  @Column({ type: 'uuid', nullable: true })
  actorOrganizationId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  linkId!: string | null;

  @Index({ unique: true })
  @Column({ type: 'char', length: 64 })
  textSha256!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
