import type { OrganizationSummary } from '../identity';
import type { OrganizationEventType } from '../integrations';
import type { Indication, SubIndication, VerificationReport } from '../signing';
import { AnnulmentStatus, DocumentRecipient, ReceiptStatus, ResponseStatus } from './entities/document-recipient.entity';
import { DocumentEvent } from './entities/document-event.entity';
import { DocumentSignature, SignatureRole, SignedContent } from './entities/document-signature.entity';
import { DocumentKind, DocumentRecord } from './entities/document.entity';
import { RevocationOutcome, signatureVerdict } from './evidence/signer-summary';
import { DocumentAction, RollUpStatus } from './status';
import type { Side } from './document-access';

// What the API answers about documents (documents.api.ts describes each for the contract). Dates
// are Date here and ISO strings in JSON.

// One addressee of a sent document, with its status axes (status.ts) and when each changed.
export interface RecipientView {
  id: string;
  identifier: string;
  email: string | null;
  // Lists and the document's view: the registered organization's name, else the certificate name
  // an unregistered recipient signed with (recipientNameSql); null when unknown.
  name?: string | null;
  // An organization with that BIN/IIN is registered (the document is in its inbox).
  registered: boolean;
  status: RollUpStatus;
  receipt: ReceiptStatus;
  response: ResponseStatus;
  annulment: AnnulmentStatus;
  deliveredAt: Date | null;
  openedAt: Date | null;
  receiptSignedAt: Date | null;
  respondedAt: Date | null;
  annulmentChangedAt: Date | null;
  reason: string | null;
  // When the sender replaced this recipient (it no longer takes part), else null.
  withdrawnAt: Date | null;
}

export interface SignatureSignerView {
  iin: string | null;
  bin: string | null;
  name: string;
  roles: string[];
  certificateSha256: string;
}

// An accepted signature with the verdict of its verification; `report` (the whole verification
// report) only when asked for.
export interface SignatureView {
  id: string;
  role: SignatureRole;
  action: DocumentAction;
  signedContent: SignedContent;
  recipientId: string | null;
  signer: SignatureSignerView;
  // Never TOTAL_PASSED when `revocation` is NOT_CHECKED (signer-summary.ts signatureVerdict).
  indication: Indication;
  subIndication?: SubIndication;
  revocation: RevocationOutcome;
  createdAt: Date;
  report?: VerificationReport;
}

export interface DocumentEventView {
  seq: number;
  type: OrganizationEventType;
  recipientId: string | null;
  actor: string;
  signatureId: string | null;
  reason: string | null;
  createdAt: Date;
}

export interface DocumentSenderView {
  organizationId: string;
  identifier: string;
  name: string;
}

// The fields of a document every answer about it carries.
export interface DocumentFieldsView {
  id: string;
  title: string;
  kind: DocumentKind;
  number: string | null;
  documentDate: string | null;
  amountMinor: string | null;
  currency: string | null;
  tags: string[];
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  packageId: string | null;
  sender: DocumentSenderView;
  senderSignedAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

// The answer to an upload: a draft, sent to nobody yet.
export interface UploadedDocumentView extends DocumentFieldsView {
  status: RollUpStatus;
  recipients: RecipientView[];
}

// A document as its sender or one of its recipients sees it.
export interface DeletedDocumentView {
  id: string;
  deletedAt: Date;
}

export interface DocumentView extends DocumentFieldsView {
  side: Side;
  status: RollUpStatus;
  recipients: RecipientView[];
  signatures: SignatureView[];
  events: DocumentEventView[];
}

export interface LinkRevocationView {
  recipientId: string;
  // False: the recipient had no link left to revoke.
  revoked: boolean;
  revokedAt: Date;
}

export interface PackageDocumentView {
  id: string;
  title: string;
  senderSignedAt: Date | null;
  sentAt: Date | null;
  status: RollUpStatus;
  recipients: RecipientView[];
}

export interface PackageView {
  id: string;
  title: string | null;
  allOrNothing: boolean;
  sentAt: Date | null;
  createdAt: Date;
  documents: PackageDocumentView[];
}

export function presentRecipient(r: DocumentRecipient & { name?: string | null }): RecipientView {
  return {
    id: r.id,
    identifier: r.identifier,
    email: r.email,
    ...(r.name !== undefined && { name: r.name }),
    registered: r.recipientOrganizationId !== null,
    status: r.status as RollUpStatus,
    receipt: r.receipt,
    response: r.response,
    annulment: r.annulment,
    deliveredAt: r.deliveredAt,
    openedAt: r.openedAt,
    receiptSignedAt: r.receiptSignedAt,
    respondedAt: r.respondedAt,
    annulmentChangedAt: r.annulmentChangedAt,
    reason: r.lastReason,
    withdrawnAt: r.withdrawnAt ?? null,
  };
}

// Whether the recipient has answered (signed, refused, asked for a correction) or an annulment
// concerns it: from then on its link is its evidence trail and it cannot be withdrawn.
export function hasAnswered(r: Pick<DocumentRecipient, 'response' | 'annulment'>): boolean {
  return r.response !== ResponseStatus.Awaiting || r.annulment !== AnnulmentStatus.None;
}

export function presentSignature(s: DocumentSignature, withReport = false): SignatureView {
  return {
    id: s.id,
    role: s.role,
    action: s.action as DocumentAction,
    signedContent: s.signedContent,
    recipientId: s.recipientId,
    signer: {
      iin: s.signerIin,
      bin: s.signerBin,
      name: s.signerName,
      roles: s.signerRoles,
      certificateSha256: s.certificateSha256,
    },
    // The report's verdict, never TOTAL_PASSED without an established revocation status, and the
    // revocation check's outcome (signer-summary.ts).
    ...signatureVerdict(s.report),
    createdAt: s.createdAt,
    ...(withReport && { report: s.report }),
  };
}

export function presentEvent(e: DocumentEvent): DocumentEventView {
  return {
    seq: e.seq,
    type: e.type as OrganizationEventType,
    recipientId: e.recipientId,
    actor: e.actorLabel,
    signatureId: e.signatureId,
    reason: e.reason,
    createdAt: e.createdAt,
  };
}

export function presentDocument(
  d: DocumentRecord,
  owner: Pick<OrganizationSummary, 'id' | 'identifier' | 'name'>,
): DocumentFieldsView {
  return {
    id: d.id,
    title: d.title,
    kind: d.kind,
    number: d.number,
    documentDate: d.documentDate,
    amountMinor: d.amountMinor,
    currency: d.currency,
    tags: d.tags,
    fileName: d.fileName,
    contentType: d.contentType,
    size: Number(d.size),
    sha256: d.sha256,
    packageId: d.packageId,
    sender: { organizationId: owner.id, identifier: owner.identifier, name: owner.name },
    senderSignedAt: d.senderSignedAt,
    sentAt: d.sentAt,
    createdAt: d.createdAt,
  };
}
