import { DocumentEvent } from './entities/document-event.entity';
import { DocumentPackage } from './entities/document-package.entity';
import { DocumentRecipient } from './entities/document-recipient.entity';
import { DocumentSignature } from './entities/document-signature.entity';
import { DocumentStatement } from './entities/document-statement.entity';
import { DocumentRecord } from './entities/document.entity';
import { OutgoingLedgerEntry } from './entities/outgoing-ledger-entry.entity';
import { RecipientLink } from './entities/recipient-link.entity';
import { SigningPolicyRecord } from './entities/signing-policy.entity';

// The tables documents owns; the composition root (src/entities.ts) registers them.
export const DOCUMENTS_ENTITIES = [
  DocumentPackage,
  DocumentRecord,
  DocumentRecipient,
  DocumentSignature,
  DocumentEvent,
  DocumentStatement,
  RecipientLink,
  OutgoingLedgerEntry,
  SigningPolicyRecord,
];
