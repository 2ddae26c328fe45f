import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum OrganizationKind {
  // Legal entity, identified by BIN.
  LegalEntity = 'legal_entity',
  // Individual entrepreneur or person, identified by IIN.
  Individual = 'individual',
}

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // BIN for a legal entity, IIN for an individual: 12 digits, taken from the certificate.
  @Column({ type: 'varchar', length: 12, unique: true })
  identifier!: string;

  @Column({ type: 'enum', enum: OrganizationKind, enumName: 'organization_kind' })
  kind!: OrganizationKind;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
