import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Rights } from '../../common/security/rights';
import { Organization } from './organization.entity';

// An invitation of a person (by IIN) into an organization with given rights [A 3.3, 3.4]. It is
// accepted by logging in by ЭЦП with a certificate of that IIN (and, for a legal entity, of the
// organization's BIN). The only way into a BIN that is already registered.
@Entity('invitations')
// One open invitation per person and organization.
@Index('UQ_invitations_open_org_iin', ['organizationId', 'iin'], {
  unique: true,
  where: '"acceptedAt" IS NULL AND "revokedAt" IS NULL',
})
@Index('IDX_invitations_iin', ['iin'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organizationId' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 12 })
  iin!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'jsonb' })
  rights!: Rights;

  @Column({ type: 'uuid', nullable: true })
  invitedByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedByUserId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
