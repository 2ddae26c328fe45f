import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { IdempotencyScope } from '../common/idempotency/idempotency-context';
import { OBJECT_STORAGE, ObjectStorage } from '../common/storage/object-storage.port';
import type { TenantPrincipal } from '../common/security/principal';
import { AppConfig } from '../config/app-config';
import { actorOf } from './document-access';
import { DocumentHistory, NewEvent } from './persistence/document-history';
import { presentDocument, UploadedDocumentView } from './document-views';
import { DocumentsRepository } from './persistence/documents.repository';
import { DocumentRecord } from './entities/document.entity';
import { RollUpStatus } from './status';
import { receiveUpload } from './upload';

// Upload: the file streamed to storage (upload.ts), then the row with its first event.
@Injectable()
export class DocumentUploadService {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyScope,
  ) {}

  async upload(principal: TenantPrincipal, request: Request): Promise<UploadedDocumentView> {
    const id = randomUUID();
    const key = `documents/${principal.organizationId}/${id}`;
    const upload = await receiveUpload(request, this.storage, key, this.config.documents.maxBytes);
    const { metadata } = upload;
    try {
      // An Idempotency-Key is claimed for the file as well as the fields: the same key with
      // another file is a conflict, with the same file a replay (either way this copy goes).
      await this.idempotency.claimContent({
        metadata,
        fileName: upload.fileName,
        size: upload.stored.size,
        sha256: upload.stored.sha256,
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
    const document = Object.assign(new DocumentRecord(), {
      id,
      ownerOrganizationId: principal.organizationId,
      title: metadata.title.trim(),
      kind: metadata.kind,
      number: metadata.number?.trim() || null,
      documentDate: metadata.documentDate ?? null,
      amountMinor: metadata.amountMinor ?? null,
      currency: metadata.amountMinor !== undefined ? (metadata.currency ?? 'KZT') : (metadata.currency ?? null),
      tags: [...new Set((metadata.tags ?? []).map((t) => t.trim()).filter(Boolean))],
      fileName: upload.fileName,
      contentType: upload.contentType,
      size: String(upload.stored.size),
      sha256: upload.stored.sha256,
      objectKey: key,
      packageId: null,
      createdByUserId: principal.kind === 'user' ? principal.userId : null,
      createdByLabel: principal.label.slice(0, 300),
      senderSignedAt: null,
      sentAt: null,
      lastEventSeq: 0,
      createdAt: this.clock.now(),
    });
    const event: NewEvent = {
      type: 'document.uploaded',
      data: { sha256: document.sha256, size: Number(document.size) },
      notify: [principal.organizationId],
    };
    const answerOf = (owner: Parameters<typeof presentDocument>[1]): UploadedDocumentView => ({
      ...presentDocument(document, owner),
      status: 'draft' as RollUpStatus,
      recipients: [],
    });
    const options = { insertDocument: true, readOwner: true };
    try {
      if (this.idempotency.isPending()) {
        // Under an Idempotency-Key the answer commits with the row: a retry after a crash that
        // followed the commit is replayed, never a second document.
        const answer = await this.repository.transaction(async (manager) => {
          const written = await this.history.appendIfUnchangedWithin(manager, document, actorOf(principal), event, options);
          const answer = answerOf(written!.owner!);
          await this.idempotency.completeWithin(manager, answer);
          return answer;
        });
        this.history.jobsWritten();
        return answer;
      }
      // The row, its first event and the feed entry: one statement, no transaction to open.
      const written = await this.history.appendIfUnchanged(document, actorOf(principal), event, options);
      return answerOf(written!.owner!);
    } catch (error) {
      // The row did not make it: the stored object must not stay behind.
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
  }
}
