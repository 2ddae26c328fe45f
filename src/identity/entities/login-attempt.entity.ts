import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Wrong-password count of one (e-mail, client address) pair, whether or not the e-mail belongs to
// an account: a leaky bucket that fills by one per attempt and drains continuously (see
// AuthService). Only a SHA-256 of the pair is kept, never the e-mail or the address.
@Entity('login_attempts')
export class LoginAttempt {
  @PrimaryColumn({ type: 'char', length: 64 })
  keyHash!: string;

  // Attempts still counted at updatedAt (fractional: it drains continuously).
  @Column({ type: 'double precision' })
  score!: number;

  @Index('IDX_login_attempts_updated_at')
  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
