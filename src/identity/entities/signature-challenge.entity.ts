import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// A login challenge for ЭЦП login: a random nonce (only its SHA-256 is stored) that the client
// signs. Used at most once, and only before it expires.
@Entity('signature_challenges')
export class SignatureChallenge {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('UQ_signature_challenges_nonce_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  nonceHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  // Part of the signed text; stored so the text can be rebuilt exactly at login.
  @Column({ type: 'timestamptz' })
  issuedAt!: Date;

  @Index('IDX_signature_challenges_expires_at')
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
