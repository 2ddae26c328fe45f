import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Webhook } from './webhook.entity';

// delivered: 2xx; retrying: failed, the jobs runner will try again; failed: the last attempt failed.
export type WebhookDeliveryStatus = 'delivered' | 'retrying' | 'failed';

// One HTTP attempt to deliver one event (or a test ping) to one webhook.
@Entity('webhook_deliveries')
@Index('IDX_webhook_deliveries_webhook', ['webhookId', 'createdAt', 'id'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  webhookId!: string;

  @ManyToOne(() => Webhook, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'webhookId' })
  webhook?: Webhook;

  @Column({ type: 'uuid' })
  organizationId!: string;

  // The X-EDO-Delivery header: the same for every attempt of one delivery.
  @Column({ type: 'varchar', length: 64 })
  deliveryId!: string;

  // Null for a test ping.
  @Column({ type: 'bigint', nullable: true })
  eventSeq!: string | null;

  @Column({ type: 'varchar', length: 64 })
  eventType!: string;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'int', nullable: true })
  httpStatus!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ type: 'int' })
  durationMs!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
