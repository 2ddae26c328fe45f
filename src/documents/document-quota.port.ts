import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface OutgoingDocumentUsage {
  organizationId: string;
  documentId: string;
  recipientId: string;
  // Billing month 'YYYY-MM'.
  period: string;
}

// Asked once per outgoing document and recipient before its ledger row is written. Billing will
// bind an enforcing implementation (throw DOCUMENT_QUOTA_EXCEEDED).
export interface DocumentQuota {
  // True when the answer must hold until the ledger row commits (an enforcing implementation reads
  // and locks the organization's usage): every send then runs in a transaction and asks inside it.
  // False (nothing to lock): a send to one recipient may be written as one guarded statement, and
  // assertMayCount is asked just before it, outside any transaction (`manager` is the plain one).
  // It may then be asked again for the same send (one that falls back to the transaction), so it
  // must not count anything itself: the ledger row is the count.
  readonly needsTransaction: boolean;
  assertMayCount(manager: EntityManager, usage: OutgoingDocumentUsage): Promise<void>;
}

export const DOCUMENT_QUOTA = Symbol('DOCUMENT_QUOTA');

// Until billing enforces plans every outgoing document is allowed (the ledger still counts it).
@Injectable()
export class UnlimitedDocumentQuota implements DocumentQuota {
  readonly needsTransaction = false;
  async assertMayCount(): Promise<void> {}
}
