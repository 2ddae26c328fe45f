import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface OutgoingDocumentUsage {
  organizationId: string;
  documentId: string;
  recipientId: string;
  // Billing month 'YYYY-MM'.
  period: string;
}

// Asked once per outgoing document and recipient, inside the send transaction, before the ledger
// row is written. Billing will bind an enforcing implementation (throw DOCUMENT_QUOTA_EXCEEDED).
export interface DocumentQuota {
  assertMayCount(manager: EntityManager, usage: OutgoingDocumentUsage): Promise<void>;
}

export const DOCUMENT_QUOTA = Symbol('DOCUMENT_QUOTA');

// Until billing enforces plans every outgoing document is allowed (the ledger still counts it).
@Injectable()
export class UnlimitedDocumentQuota implements DocumentQuota {
  async assertMayCount(): Promise<void> {}
}
