import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentRecipient } from './document-recipient.entity';

// An e-mailed link for an unregistered recipient: only the SHA-256 of its 256-bit token is kept.
@Entity('recipient_links')
export class RecipientLink {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  recipientId!: string;

  @ManyToOne(() => DocumentRecipient, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipientId' })
  recipient?: DocumentRecipient;

  @Column({ type: 'uuid' })
  documentId!: string;

  @Index({ unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
