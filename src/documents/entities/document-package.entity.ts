import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Several documents sent together. allOrNothing: sent only when every document is signed, and a
// recipient's refusal (or correction request) of one document refuses its part of all of them.
@Entity('document_packages')
@Index(['ownerOrganizationId', 'createdAt'])
export class DocumentPackage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  ownerOrganizationId!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  title!: string | null;

  @Column({ type: 'boolean', default: false })
  allOrNothing!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
