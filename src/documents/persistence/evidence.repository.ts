import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
}
