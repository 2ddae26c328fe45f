import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IncomingDocuments, OrganizationSummary } from '../identity';
import { FeedWriter } from '../integrations';
import { RecipientsRepository } from './persistence/recipients.repository';

// Identity's INCOMING_DOCUMENTS port: a new organization's inbox starts with what was already
// sent to its BIN/IIN.
@Injectable()
export class IncomingDocumentsService implements IncomingDocuments {
  constructor(
    private readonly recipients: RecipientsRepository,
    private readonly feed: FeedWriter,
  ) {}

  // Documents sent to this BIN/IIN before it existed (their recipients reached only by the
  // e-mailed link) join the new organization's inbox, each announced on its feed as received —
  // in the transaction that creates it (registration or operator onboarding), so the
  // organization never exists without them. The rows are locked first: an action through a link
  // on one of them waits for this commit and then sees the organization. The links keep working:
  // they stand for the recipient row, not for a registration state.
  async attach(manager: EntityManager, organization: Pick<OrganizationSummary, 'id' | 'identifier'>): Promise<void> {
    const pending = await this.recipients.lockPendingFor(manager, organization.identifier);
    if (pending.length === 0) return;
    await this.recipients.attachTo(
      manager,
      pending.map((r) => r.id),
      organization.id,
    );
    const documents = await this.recipients.titles(manager, [...new Set(pending.map((r) => r.documentId))]);
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
