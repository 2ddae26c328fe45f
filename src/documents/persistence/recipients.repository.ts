import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DocumentRecipient } from '../entities/document-recipient.entity';
import { DocumentRecord } from '../entities/document.entity';
import { RecipientLink } from '../entities/recipient-link.entity';

// Recipient rows and their e-mailed links, outside the event statement (document-history.ts
// writes a recipient's changes with its event).
@Injectable()
export class RecipientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findOfDocument(documentId: string, recipientId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(DocumentRecipient, { where: { id: recipientId, documentId } });
  }

  // The row, locked until the caller's transaction ends; `documentId` narrows it to one document.
  lock(manager: EntityManager, recipientId: string, documentId?: string): Promise<DocumentRecipient | null> {
    return manager.findOne(DocumentRecipient, {
      where: { id: recipientId, ...(documentId && { documentId }) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  lockOrFail(manager: EntityManager, recipientId: string): Promise<DocumentRecipient> {
    return manager.findOneOrFail(DocumentRecipient, { where: { id: recipientId }, lock: { mode: 'pessimistic_write' } });
  }

  // The row of `documentId` addressed to `identifier`, locked (a package sibling).
  lockByIdentifier(manager: EntityManager, documentId: string, identifier: string): Promise<DocumentRecipient | null> {
    return manager.findOne(DocumentRecipient, { where: { documentId, identifier }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, recipient: DocumentRecipient): Promise<DocumentRecipient> {
    return manager.save(recipient);
  }

  async withdraw(manager: EntityManager, recipientId: string, at: Date): Promise<void> {
    await manager.update(DocumentRecipient, { id: recipientId }, { withdrawnAt: at });
  }

  // Every recipient of the documents, in no particular order.
  ofDocuments(manager: EntityManager, documentIds: string[]): Promise<DocumentRecipient[]> {
    return manager.find(DocumentRecipient, { where: { documentId: In(documentIds) } });
  }

  // The recipients in sending order.
  inSendingOrder(documentId: string, manager: EntityManager = this.dataSource.manager): Promise<DocumentRecipient[]> {
    return manager.find(DocumentRecipient, { where: { documentId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  countActive(documentId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.count(DocumentRecipient, { where: { documentId, withdrawnAt: IsNull() } });
  }

  // ---- links ----

  async insertLink(manager: EntityManager, link: Omit<RecipientLink, 'id'>): Promise<void> {
    await manager.insert(RecipientLink, link);
  }

  findLinkByTokenHash(tokenHash: string): Promise<RecipientLink | null> {
    return this.dataSource.manager.findOne(RecipientLink, { where: { tokenHash } });
  }

  async touchLink(linkId: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(RecipientLink, { id: linkId }, { lastUsedAt: at });
  }

  // The recipient row and the document a link stands for.
  async linkTarget(link: Pick<RecipientLink, 'recipientId' | 'documentId'>) {
    const recipient = await this.dataSource.manager.findOneOrFail(DocumentRecipient, { where: { id: link.recipientId } });
    const document = await this.dataSource.manager.findOneOrFail(DocumentRecord, { where: { id: link.documentId } });
    return { recipient, document };
  }

  // Revokes the recipient's live links; answers how many were.
  async revokeLinks(manager: EntityManager, recipientId: string, at: Date): Promise<number | undefined> {
    const result = await manager
      .createQueryBuilder()
      .update(RecipientLink)
      .set({ revokedAt: at })
      .where('"recipientId" = :recipientId AND "revokedAt" IS NULL', { recipientId })
      .execute();
    return result.affected;
  }

  // ---- a new organization's inbox ----

  // Sent to this BIN/IIN before it was registered (reached only by link), in sending order,
  // locked: an action through a link on one of them waits for the caller's commit. A replaced
  // (withdrawn) recipient was a mistake of the sender's: it joins no inbox.
  lockPendingFor(manager: EntityManager, identifier: string): Promise<DocumentRecipient[]> {
    return manager.find(DocumentRecipient, {
      where: { identifier, recipientOrganizationId: IsNull(), withdrawnAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async attachTo(manager: EntityManager, recipientIds: string[], organizationId: string): Promise<void> {
    await manager.update(DocumentRecipient, { id: In(recipientIds) }, { recipientOrganizationId: organizationId });
  }

  // The titles and numbers of documents (the feed names a document by them).
  titles(manager: EntityManager, documentIds: string[]): Promise<Pick<DocumentRecord, 'id' | 'title' | 'number'>[]> {
    return manager.find(DocumentRecord, { where: { id: In(documentIds) }, select: { id: true, title: true, number: true } });
  }
}
