import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

// One row per outgoing document per recipient, for billing: exact (unique per document and
// recipient) and append-only (a trigger refuses UPDATE/DELETE).
@Entity('outgoing_ledger')
@Unique(['documentId', 'recipientId'])
@Index(['organizationId', 'period'])
export class OutgoingLedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'uuid' })
  documentId!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  // 'YYYY-MM' in Asia/Almaty time (the billing month).
  @Column({ type: 'char', length: 7 })
  period!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
