import { Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganizationSummary } from '../../identity';
import { DocumentPackage } from './document-package.entity';

export enum DocumentKind {
  Contract = 'contract',
  Act = 'act',
  Invoice = 'invoice',
  Waybill = 'waybill',
  Other = 'other',
}

// One uploaded file and its metadata. The stored bytes never change (a correction is a new
// document); the sender signature is the only thing that moves it out of the draft state.
@Entity('documents')
@Index(['ownerOrganizationId', 'createdAt'])
export class DocumentRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  ownerOrganizationId!: string;

  // By the entity's name: the foreign key to identity's organizations, without importing its class.
  @ManyToOne('Organization', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerOrganizationId' })
  owner?: OrganizationSummary;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'enum', enum: DocumentKind, enumName: 'document_kind' })
  kind!: DocumentKind;

  @Column({ type: 'varchar', length: 100, nullable: true })
  number!: string | null;

  @Column({ type: 'date', nullable: true })
  documentDate!: string | null;

  // Integer minor units (tiyn) as a bigint string; null when the document names no amount.
  @Column({ type: 'bigint', nullable: true })
  amountMinor!: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags!: string[];

  // As the client named it (sanitized); metadata only, never used as a storage key.
  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  // Sniffed from the first bytes, not taken from the client.
  @Column({ type: 'varchar', length: 200 })
  contentType!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 512 })
  objectKey!: string;

  @Column({ type: 'uuid', nullable: true })
  packageId!: string | null;

  @ManyToOne(() => DocumentPackage, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'packageId' })
  package?: DocumentPackage | null;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @Column({ type: 'varchar', length: 300 })
  createdByLabel!: string;

  // Set once, when the sender's signature is accepted.
  @Column({ type: 'timestamptz', nullable: true })
  senderSignedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  // Last event number: the next event takes lastEventSeq + 1 under the document row lock.
  @Column({ type: 'int', default: 0 })
  lastEventSeq!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  // Set when its organization deleted the draft (never signed, never sent). The row stays: its
  // events are append-only history and its feed entries were delivered; every read skips it.
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
