import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuthMethod {
  Password = 'password',
  // Login by ЭЦП (signed challenge), added with the identity issue.
  Signature = 'signature',
}

// A browser session. The cookie carries a random token; only its SHA-256 is stored.
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('UQ_sessions_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'char', length: 64 })
  csrfTokenHash!: string;

  @Index('IDX_sessions_user')
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'enum', enum: AuthMethod, enumName: 'auth_method' })
  authMethod!: AuthMethod;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  userAgent!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
