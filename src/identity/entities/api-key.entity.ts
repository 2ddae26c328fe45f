import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Rights } from '../rights';

// An integrator's key. The full key is shown once; only the SHA-256 of its secret part is kept.
@Entity('api_keys')
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

  @Column({ type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
