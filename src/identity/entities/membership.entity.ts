import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Rights } from '../../common/security/rights';
import { Organization } from './organization.entity';
import { User } from './user.entity';

@Entity('memberships')
@Index('UQ_memberships_org_user', ['organizationId', 'userId'], { unique: true })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organizationId' })
  organization?: Organization;

  @Index('IDX_memberships_user')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  // The main user holds full rights and cannot be removed [A 3.3].
  @Column({ type: 'boolean', default: false })
  isMain!: boolean;

  @Column({ type: 'jsonb' })
  rights!: Rights;

  // Null while the person has not accepted: an organization that adds a person who already has an
  // account elsewhere only proposes the membership, which grants nothing until that person logs in
  // and chooses the organization. Every other membership starts accepted (the default).
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  acceptedAt!: Date | null;

  // What the adding organization typed (name, e-mail, IIN): shown to it instead of the person's own
  // data while the membership is not accepted, so the answer does not tell whether the person
  // already had an account.
  @Column({ type: 'varchar', length: 300, nullable: true })
  proposedFullName!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  proposedEmail!: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  proposedIin!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
