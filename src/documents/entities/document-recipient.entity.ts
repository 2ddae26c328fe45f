import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { DocumentRecord } from './document.entity';

export enum ReceiptStatus {
  None = 'none',
  Delivered = 'delivered',
  Opened = 'opened',
  ReceiptSigned = 'receipt_signed',
}

export enum ResponseStatus {
  Awaiting = 'awaiting',
  Signed = 'signed',
  Refused = 'refused',
  CorrectionRequested = 'correction_requested',
}

export enum AnnulmentStatus {
  None = 'none',
  OfferedBySender = 'offered_by_sender',
  OfferedByRecipient = 'offered_by_recipient',
  Accepted = 'accepted',
  Rejected = 'rejected',
}

// One addressee of a sent document, with the status axes derived from its events (status.ts),
// updated in the same transaction as each event.
@Entity('document_recipients')
// One row per identifier among the recipients still taking part; a withdrawn one (replaced,
// perhaps by mistake) does not stop sending to that identifier again.
@Index(['documentId', 'identifier'], { unique: true, where: '"withdrawnAt" IS NULL' })
@Index(['recipientOrganizationId', 'createdAt'])
export class DocumentRecipient {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  documentId!: string;

  @ManyToOne(() => DocumentRecord, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'documentId' })
  document?: DocumentRecord;

  // BIN or IIN the document is addressed to: only a certificate of it may act as the recipient.
  @Column({ type: 'varchar', length: 12 })
  identifier!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  // Set when an organization with that identifier is registered (inbox delivery).
  @Column({ type: 'uuid', nullable: true })
  recipientOrganizationId!: string | null;

  @Column({ type: 'enum', enum: ReceiptStatus, enumName: 'document_receipt_status', default: ReceiptStatus.None })
  receipt!: ReceiptStatus;

  @Column({ type: 'enum', enum: ResponseStatus, enumName: 'document_response_status', default: ResponseStatus.Awaiting })
  response!: ResponseStatus;

  @Column({ type: 'enum', enum: AnnulmentStatus, enumName: 'document_annulment_status', default: AnnulmentStatus.None })
  annulment!: AnnulmentStatus;

  // Roll-up for lists (status.ts rollUp).
  @Column({ type: 'varchar', length: 40 })
  status!: string;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  receiptSignedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  annulmentChangedAt!: Date | null;

  // Set when the sender replaced this recipient (a mistyped BIN/IIN) before it answered: the row
  // stays for the history and the ledger, but no longer acts, is not in any inbox and does not
  // count in the document's roll-up.
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  // The reason of the last refusal, correction request or annulment step.
  @Column({ type: 'text', nullable: true })
  lastReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
