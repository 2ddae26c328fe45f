import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

// Which certificate roles (kz-pki.md §1.2) may sign which kind of document for an organization.
// No row: the default policy (signing-policy.ts).
@Entity('document_signing_policies')
export class SigningPolicyRecord {
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'jsonb' })
  rules!: Record<string, string[]>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
