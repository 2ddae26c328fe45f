import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { VerificationReport } from '../../signing';
import { LegalDocumentKind } from '../legal-document-types';

// Evidence that an organization accepted a version of a legal text: the CMS its signer made over
// the exact text bytes, the hash of those bytes and the verification report at acceptance time.
// Append-only; the CMS can be downloaded and verified again at any time.
@Entity('legal_acceptances')
@Index('UQ_legal_acceptances_org_kind_version', ['organizationId', 'kind', 'version'], { unique: true })
export class LegalAcceptance {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Identity module ids, plain uuids (no cross-module foreign keys).
  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  // Its own enum type: TypeORM would create a type shared by two tables twice in one migration.
  @Column({ type: 'enum', enum: LegalDocumentKind, enumName: 'legal_acceptance_kind' })
  kind!: LegalDocumentKind;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 2 })
  locale!: string;

  // SHA-256 of the signed text bytes, equal to the version's hash for that locale.
  @Column({ type: 'char', length: 64 })
  textSha256!: string;

  // Privacy policy version in force at acceptance: registration records consent to it [P].
  @Column({ type: 'int', nullable: true })
  privacyVersion!: number | null;

  @Column({ type: 'bytea', select: false })
  cms!: Buffer;

  @Column({ type: 'varchar', length: 12 })
  signerIin!: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  signerBin!: string | null;

  @Column({ type: 'char', length: 64 })
  certificateSha256!: string;

  @Column({ type: 'jsonb', select: false })
  report!: VerificationReport;

  @CreateDateColumn({ type: 'timestamptz' })
  acceptedAt!: Date;
}
