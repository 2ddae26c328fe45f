import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type WebhookDisabledReason = 'manual' | 'failures';

// A URL of an organization that receives its feed events as signed HTTP POSTs.
@Entity('webhooks')
export class Webhook {
  // Chosen by the application before the insert: it is bound into the secret's encryption.
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('IDX_webhooks_org')
  @Column({ type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  description!: string | null;

  // Event types delivered here; empty means every type.
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventTypes!: string[];

  // The signing secret, AES-256-GCM encrypted with WEBHOOK_SECRET_KEY (see webhook-secret-box.ts).
  @Column({ type: 'text', select: false })
  secretCiphertext!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  // Deliveries that failed for good (after every retry) in a row; reset by a success.
  @Column({ type: 'int', default: 0 })
  consecutiveFailures!: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  disabledReason!: WebhookDisabledReason | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
