import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { DocumentsErrorCode } from './documents.errors';
import { OBJECT_STORAGE, ObjectStorage } from '../common/storage/object-storage.port';
import type { TenantPrincipal } from '../common/security/principal';
import { actorOf } from './document-access';
import { DeletedDocumentView, DocumentView } from './document-views';
import { DocumentsService } from './documents.service';
import { EditDocumentDto } from './dto';
import { DocumentRecord } from './entities/document.entity';

// An edit that changes nothing writes no event.
class NothingChanged extends Error {}

// A draft's metadata edited, or the draft deleted, while nobody has signed it.
@Injectable()
export class DocumentDraftsService {
  constructor(
    private readonly documents: DocumentsService,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly clock: Clock,
  ) {}

  // A draft may change or go only while nobody has signed it: not signed by the sender (a
  // recipient signs only after sending), not sent, in no package (the package's sending decides
  // about it). A recipient's side never may.
  private assertEditableDraft(document: DocumentRecord): void {
    if (document.senderSignedAt || document.sentAt || document.packageId)
      throw new DomainError(DocumentsErrorCode.DocumentNotDraft);
  }

  // New metadata for an unsigned draft (the file stays). One event, document.edited, names the
  // fields that changed; the same values are no event at all.
  async editDraft(principal: TenantPrincipal, id: string, dto: EditDocumentDto): Promise<DocumentView> {
    const { document } = await this.documents.asSender(principal.organizationId, id);
    this.assertEditableDraft(document);
    await this.documents
      .appendAsRead(document, actorOf(principal), (current) => {
        this.assertEditableDraft(current);
        const next: Partial<DocumentRecord> = {};
        if (dto.title !== undefined) next.title = dto.title.trim();
        if (dto.kind !== undefined) next.kind = dto.kind;
        if (dto.number !== undefined) next.number = dto.number?.trim() || null;
        if (dto.documentDate !== undefined) next.documentDate = dto.documentDate;
        if (dto.amountMinor !== undefined) {
          next.amountMinor = dto.amountMinor;
          next.currency = dto.amountMinor === null ? null : (dto.currency ?? current.currency ?? 'KZT');
        } else if (dto.currency !== undefined && current.amountMinor !== null) next.currency = dto.currency;
        if (dto.tags !== undefined) next.tags = [...new Set(dto.tags.map((t) => t.trim()).filter(Boolean))];
        if (next.title === '')
          throw new DomainError(CommonErrorCode.ValidationFailed, {
            fields: [{ field: 'title', problems: ['title must not be blank'] }],
          });
        const changes = Object.fromEntries(
          Object.entries(next).filter(
            ([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof DocumentRecord]),
          ),
        ) as Partial<DocumentRecord>;
        const fields = Object.keys(changes);
        if (fields.length === 0) throw new NothingChanged();
        return {
          type: 'document.edited',
          data: { fields },
          notify: [principal.organizationId],
          documentChanges: changes,
          requireNoPackage: true,
        };
      })
      .catch((error: unknown) => {
        if (!(error instanceof NothingChanged)) throw error;
      });
    return this.documents.view(principal, id);
  }

  // Deletes an unsigned draft. The row stays, marked deleted (its events are append-only history,
  // its feed already told integrators about the upload; document.deleted tells them it is gone),
  // and every read skips it; the stored file goes once the deletion is committed: nobody signed
  // those bytes, so nothing needs them as evidence.
  async deleteDraft(principal: TenantPrincipal, id: string): Promise<DeletedDocumentView> {
    const { document } = await this.documents.asSender(principal.organizationId, id);
    this.assertEditableDraft(document);
    const deletedAt = this.clock.now();
    await this.documents.appendAsRead(document, actorOf(principal), (current) => {
      this.assertEditableDraft(current);
      return {
        type: 'document.deleted',
        notify: [principal.organizationId],
        documentChanges: { deletedAt },
        requireNoPackage: true,
      };
    });
    // A failure here leaves an object no row points to; the deletion itself stands.
    await this.storage.delete(document.objectKey).catch(() => undefined);
    return { id: document.id, deletedAt };
  }
}
