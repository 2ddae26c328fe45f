import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { VerificationReport } from '../../signing';
import { DocumentEvent } from '../entities/document-event.entity';
import { DocumentSignature } from '../entities/document-signature.entity';
import { DocumentRecord } from '../entities/document.entity';

// Whole rows the evidence package and the public verification page read (with the CMS bytes and
// full reports, unlike the document view's lighter reads in documents.repository.ts).
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // The document row by id, whatever its state (the caller decides what it may show).
  findDocument(documentId: string): Promise<DocumentRecord | null> {
    return this.dataSource.manager.findOne(DocumentRecord, { where: { id: documentId } });
  }

  events(documentId: string): Promise<DocumentEvent[]> {
    return this.dataSource.manager.find(DocumentEvent, { where: { documentId }, order: { seq: 'ASC' } });
  }

  signatures(documentId: string): Promise<DocumentSignature[]> {
    return this.dataSource.manager.find(DocumentSignature, { where: { documentId } });
  }

  // Signatures of the last days not yet at B-LT (the evidence resealer retries them), oldest first.
  resealCandidates<T>(since: Date, batch: number): Promise<T[]> {
    return this.dataSource.query(
      `SELECT s.id, s."documentId", s."signedContent", s.cms, d.sha256, d."objectKey", e.statement
         FROM document_signatures s
         JOIN documents d ON d.id = s."documentId"
         LEFT JOIN document_events e ON e.id = s."eventId"
        WHERE s."createdAt" > $1 AND COALESCE(s.report #>> '{signers,0,adesLevel}', '') <> 'B-LT'
        ORDER BY s."createdAt" LIMIT ${batch}`,
      [since],
    );
  }

  // The signature's CMS as stored now, its row locked until the caller's transaction ends.
  async lockSignatureCms(manager: EntityManager, signatureId: string): Promise<Buffer | undefined> {
    const [current] = (await manager.query(`SELECT cms FROM document_signatures WHERE id = $1 FOR UPDATE`, [signatureId])) as {
      cms: Buffer;
    }[];
    return current?.cms;
  }

  async replaceSignature(manager: EntityManager, signatureId: string, cms: Buffer, report: VerificationReport): Promise<void> {
    await manager.query(`UPDATE document_signatures SET cms = $2, report = $3 WHERE id = $1`, [
      signatureId,
      cms,
      JSON.stringify(report),
    ]);
  }
}
