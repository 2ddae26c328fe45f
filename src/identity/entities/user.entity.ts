import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

// A person. Belongs to organizations through memberships; logs in by ЭЦП (IIN from the
// certificate) or, for added users, by e-mail and password.
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // Stored lower-case; the password login name.
  @Index('UQ_users_email', { unique: true, where: '"email" IS NOT NULL' })
  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  // The person's IIN (12 digits), the key for login by ЭЦП.
  @Index('UQ_users_iin', { unique: true, where: '"iin" IS NOT NULL' })
  @Column({ type: 'varchar', length: 12, nullable: true })
  iin!: string | null;

  @Column({ type: 'varchar', length: 300 })
  fullName!: string;

  // An address the person asked to change to, not yet confirmed from its mailbox. It is nobody's
  // e-mail until then: no lookup by e-mail (login, adding a user, onboarding) reads it, and it
  // holds no unique index, so it never keeps the real owner from that address.
  @Column({ type: 'varchar', length: 320, nullable: true })
  pendingEmail!: string | null;

  // SHA-256 of the single-use confirmation token mailed to pendingEmail (the token itself is
  // stored nowhere); null once used or replaced.
  @Index('UQ_users_pendingEmailTokenHash', { unique: true, where: '"pendingEmailTokenHash" IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  pendingEmailTokenHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  pendingEmailExpiresAt!: Date | null;

  // scrypt hash; never selected unless asked for.
  @Column({ type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
