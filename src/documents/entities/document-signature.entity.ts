import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { VerificationReport } from '../../signing';

export enum SignatureRole {
  Sender = 'sender',
  Recipient = 'recipient',
}

export enum SignedContent {
  Document = 'document',
  Statement = 'statement',
}

// A verified CMS as received, with the report that accepted it. eventId names the event it backs
// (no foreign key: the event references the signature).
@Entity('document_signatures')
@Index(['documentId', 'createdAt'])
export class DocumentSignature {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  documentId!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @Column({ type: 'uuid', nullable: true })
  recipientId!: string | null;

  // Null for an unregistered recipient signing through its link.
  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'enum', enum: SignatureRole, enumName: 'document_signature_role' })
  role!: SignatureRole;

  @Column({ type: 'enum', enum: SignedContent, enumName: 'document_signed_content' })
  signedContent!: SignedContent;

  // The action this signature performs (sign, receipt, refuse, ...).
  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ type: 'bytea' })
  cms!: Buffer;

  @Column({ type: 'varchar', length: 12, nullable: true })
  signerIin!: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  signerBin!: string | null;

  @Column({ type: 'varchar', length: 500 })
  signerName!: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  signerRoles!: string[];

  @Column({ type: 'char', length: 64 })
  certificateSha256!: string;

  @Column({ type: 'jsonb' })
  report!: VerificationReport;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
