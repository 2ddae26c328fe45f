import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Rights } from '../../common/security/rights';
import type { User } from './user.entity';

// An integrator's key. The full key is shown once; only the SHA-256 of its secret part is kept.
// Every live key belongs to a person (createdByUserId): it never has more rights than that person
// holds in the organization today, and stops working when the person leaves it. Keys from before
// this rule that named nobody were revoked by migration.
@Entity('api_keys')
@Check('CHK_api_keys_creator', `"createdByUserId" IS NOT NULL OR "revokedAt" IS NOT NULL`)
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_api_keys_org')
  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  // Public, unique part of the key, shown in lists so a key can be recognized.
  @Index('UQ_api_keys_prefix', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ type: 'char', length: 64, select: false })
  secretHash!: string;

  @Column({ type: 'jsonb' })
  rights!: Rights;

  // The person the key acts for: the user who created it, or, for a key created with a key, the
  // person behind that key (carried over).
  @Index('IDX_api_keys_created_by_user')
  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  // The key that created this one (null when a user created it in a session): revoking a key
  // revokes the keys it created, and theirs.
  @Index('IDX_api_keys_created_by_key')
  @Column({ type: 'uuid', nullable: true })
  createdByApiKeyId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  // Joined by the key list (not columns).
  creator?: User | null;
  parentKey?: ApiKey | null;
}
