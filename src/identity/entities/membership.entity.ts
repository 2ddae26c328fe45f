import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Rights } from '../rights';
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
