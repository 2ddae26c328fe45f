import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { DocumentRecipient } from '../documents/entities/document-recipient.entity';
import { DocumentRecord } from '../documents/entities/document.entity';
import { OrganizationEventsService } from '../integrations/organization-events.service';
import { Organization } from './entities/organization.entity';

// A new organization's inbox starts with what was already sent to its BIN/IIN.
@Injectable()
export class IncomingDocuments {
  constructor(private readonly feed: OrganizationEventsService) {}

  // Documents sent to this BIN/IIN before it existed (their recipients reached only by the
  // e-mailed link) join the new organization's inbox, each announced on its feed as received —
  // in the transaction that creates it (registration or operator onboarding), so the
  // organization never exists without them. The rows are locked first: an action through a link
  // on one of them waits for this commit and then sees the organization. The links keep working:
  // they stand for the recipient row, not for a registration state.
  async attach(manager: EntityManager, organization: Organization): Promise<void> {
    const pending = await manager.find(DocumentRecipient, {
      // A replaced (withdrawn) recipient was a mistake of the sender's: it joins no inbox.
      where: { identifier: organization.identifier, recipientOrganizationId: IsNull(), withdrawnAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    if (pending.length === 0) return;
    await manager.update(DocumentRecipient, { id: In(pending.map((r) => r.id)) }, { recipientOrganizationId: organization.id });
    const documents = await manager.find(DocumentRecord, {
      where: { id: In([...new Set(pending.map((r) => r.documentId))]) },
      select: { id: true, title: true, number: true },
    });
    const byId = new Map(documents.map((d) => [d.id, d]));
    await this.feed.recordAll(
      manager,
      pending.map((recipient) => {
        const document = byId.get(recipient.documentId);
        return {
          organizationId: organization.id,
          type: 'document.received' as const,
          documentId: recipient.documentId,
          recipientId: recipient.id,
          // Nobody acted now: the service attaches what was sent before (the new organization is
          // told of it like of any incoming document).
          actorOrganizationId: null,
          data: {
            identifier: recipient.identifier,
            registered: true,
            attachedOnRegistration: true,
            ...(document?.title && { title: document.title }),
            ...(document?.number && { number: document.number }),
          },
        };
      }),
    );
  }
}
