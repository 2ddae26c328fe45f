import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { LegalDocumentKind } from '../legal-document-types';

// One published version of a legal text. Rows are never updated: a change is a new version that
// takes effect after the notice period [O 9.1, P 6.2], and every past version stays readable.
@Entity('legal_document_versions')
@Index('UQ_legal_document_versions_kind_version', ['kind', 'version'], { unique: true })
export class LegalDocumentVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'enum', enum: LegalDocumentKind, enumName: 'legal_document_kind' })
  kind!: LegalDocumentKind;

  // 1, 2, 3... per kind.
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'timestamptz' })
  effectiveFrom!: Date;

  @Column({ type: 'timestamptz' })
  publishedAt!: Date;

  // The exact text (UTF-8) a client reads and signs, per locale, with the SHA-256 of its bytes.
  @Column({ type: 'text' })
  textKk!: string;

  @Column({ type: 'char', length: 64 })
  sha256Kk!: string;

  @Column({ type: 'text' })
  textRu!: string;

  @Column({ type: 'char', length: 64 })
  sha256Ru!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
