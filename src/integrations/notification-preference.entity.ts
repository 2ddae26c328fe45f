import { Column, Entity, PrimaryColumn } from 'typeorm';

// A user's choice of notification e-mails in one organization. No row: everything is on.
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  // One e-mail per incoming document and per answer to the organization's documents.
  @Column({ type: 'boolean', default: true })
  emailOnEvents!: boolean;

  @Column({ type: 'boolean', default: true })
  emailDigest!: boolean;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
