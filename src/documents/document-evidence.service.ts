import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit';
import type { TenantPrincipal } from '../common/security/principal';
import { AppConfig } from '../config/app-config';
import type { Indication, SubIndication } from '../signing';
import { RevocationOutcome, summarizeSignature } from './evidence/signer-summary';
import type { DocumentAccess } from './document-access';
import { DocumentsService } from './documents.service';
import { DocumentEvent } from './entities/document-event.entity';
import { DocumentSignature, SignedContent } from './entities/document-signature.entity';
import { DocumentsRepository } from './persistence/documents.repository';
import { EvidenceRepository } from './persistence/evidence.repository';
import { RecipientsRepository } from './persistence/recipients.repository';
import type {
  EvidenceAuditEntry,
  EvidenceDocument,
  EvidenceEvent,
  EvidenceRecipient,
  EvidenceSignature,
  EvidenceSignatureAction,
} from './evidence/evidence-model';
import { LinksService } from './links/links.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What the public verification page shows about one signature.
export interface PublicSignatureLine {
  readonly number: number;
  readonly role: 'sender' | 'recipient';
  readonly action: string;
  readonly acceptedAt: Date;
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  // The report's revocation check (see signatureVerdict): the indication is never TOTAL_PASSED
  // when this is NOT_CHECKED.
  readonly revocation: RevocationOutcome;
  // Absent when the signer is not to be disclosed to every holder of the link (see publicSummary).
  readonly signer?: { readonly name: string; readonly iin?: string; readonly bin?: string; readonly organization?: string };
}

// A person's IIN on the public page: enough to match the card in hand (8503******28), not to learn
// a person's date of birth and number from a document id.
export function maskIin(iin: string): string {
  return iin.length === 12 ? `${iin.slice(0, 4)}******${iin.slice(-2)}` : '*'.repeat(iin.length);
}

export interface PublicDocumentSummary {
  readonly id: string;
  readonly title: string;
  readonly sha256: string;
  readonly size: number;
  readonly signatures: readonly PublicSignatureLine[];
}

// Builds the evidence snapshot (evidence/evidence-model.ts) of one document as one participant
// sees it: the sender sees every recipient, a recipient (tenant or link holder) only its own row
// and the events and signatures concerning the sender or itself — the same rule as the document
// view (DocumentsService.detail), so the package never tells more than the API does.
@Injectable()
export class DocumentEvidenceService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly repository: EvidenceRepository,
    private readonly documentRows: DocumentsRepository,
    private readonly recipientRows: RecipientsRepository,
    private readonly audit: AuditService,
    private readonly links: LinksService,
    private readonly config: AppConfig,
  ) {}

  // The public page a printed card's QR code points at.
  verifyUrl(documentId: string): string {
    return `${this.config.http.publicUrl}/verify/d/${documentId}`;
  }

  // A participant organization; anyone else gets the 404 of every document route.
  async forParticipant(principal: TenantPrincipal, documentId: string): Promise<EvidenceDocument> {
    const access = await this.documents.access(principal.organizationId, documentId);
    return this.build(access, principal.organizationId);
  }

  // The holder of an e-mailed link: the recipient it stands for. Link requests are not audited
  // (their paths carry the token), so the package has no audit entries.
  async forLink(token: string): Promise<EvidenceDocument> {
    const party = await this.links.resolve(token);
    return this.build({ document: party.document, side: 'recipient', recipient: party.recipient }, null);
  }

  async build(access: DocumentAccess, auditOrganizationId: string | null): Promise<EvidenceDocument> {
    const { document, side } = access;
    const owner = await this.documents.ownerOf(document);
    const recipients = side === 'sender' ? await this.recipientRows.inSendingOrder(document.id) : [access.recipient!];
    const visibleRecipients = new Set(recipients.map((r) => r.id));
    const visible = (recipientId: string | null) =>
      side === 'sender' || recipientId === null || visibleRecipients.has(recipientId);

    const allEvents = await this.repository.events(document.id);
    const events = allEvents.filter((e) => visible(e.recipientId));
    const signatures = this.orderedSignatures(
      (await this.repository.signatures(document.id)).filter((s) => visible(s.recipientId)),
      allEvents,
    );
    const eventById = new Map(allEvents.map((e) => [e.id, e]));
    const organizationIds = recipients.map((r) => r.recipientOrganizationId).filter((id): id is string => id !== null);
    const names = await this.documentRows.organizationNames(organizationIds);
    // Who acted, by name: the sender and the registered recipients by their organizations' names, a
    // link holder by the name in its signature's certificate when it signed (else its IIN/BIN).
    const organizationName = (id: string) => (id === owner.id ? owner.name : names.get(id));
    const linkNames = new Map(
      signatures
        .filter((s) => s.recipientId && s.organizationId === null)
        .map((s) => [recipients.find((r) => r.id === s.recipientId)?.identifier, s.signerName] as const),
    );
    const audit = auditOrganizationId ? await this.audit.documentTrail(auditOrganizationId, document.id) : [];

    return {
      id: document.id,
      title: document.title,
      kind: document.kind,
      ...(document.number && { number: document.number }),
      ...(document.documentDate && { date: dateOnly(document.documentDate) }),
      ...(document.amountMinor !== null && { amount: { minor: document.amountMinor, currency: document.currency ?? 'KZT' } }),
      sha256: document.sha256,
      size: Number(document.size),
      contentType: document.contentType,
      fileName: document.fileName,
      createdAt: document.createdAt,
      sender: { name: owner.name, identifier: owner.identifier },
      recipients: recipients.map((r): EvidenceRecipient => {
        const name = r.recipientOrganizationId ? names.get(r.recipientOrganizationId) : undefined;
        return {
          ...(name !== undefined && { name }),
          identifier: r.identifier,
          ...(r.email && { email: r.email }),
          statuses: { status: r.status, receipt: r.receipt, response: r.response, annulment: r.annulment },
          ...(r.withdrawnAt && { withdrawnAt: r.withdrawnAt }),
        };
      }),
      signatures: signatures.map((s) => toEvidenceSignature(s, eventById.get(s.eventId))),
      events: events.map((e): EvidenceEvent => ({
        seq: e.seq,
        type: e.type,
        at: e.createdAt,
        ...eventActor(e, organizationName, linkNames),
        ...(e.actorOrganizationId && { organizationId: e.actorOrganizationId }),
        ...(e.reason && { reason: e.reason }),
        data: e.data,
      })),
      audit: audit.map((a): EvidenceAuditEntry => ({
        id: a.seq,
        at: a.createdAt,
        action: a.action,
        ...(a.actorLabel && { actor: a.actorLabel }),
        ...(a.ip && { ip: a.ip }),
        ...(a.userAgent && { userAgent: a.userAgent }),
        details: {
          result: a.result,
          ...(a.errorCode && { errorCode: a.errorCode }),
          ...(a.httpMethod && { method: a.httpMethod }),
          ...(a.path && { path: a.path }),
          ...(a.statusCode !== null && { statusCode: a.statusCode }),
        },
      })),
      // Each build reads the file once; a new stream each call, so a retried build starts over.
      openContent: () => this.documents.openContent(document),
    };
  }

  // What anyone holding a printed card may check: the file's SHA-256, the title, and per
  // signature who signed, when, and the result — the card prints the same. Signatures of
  // recipients are identified only when the document has a single recipient: with several, the
  // page (one address per document) would otherwise show each recipient the others' signers,
  // which their own cards do not.
  async publicSummary(documentId: string): Promise<PublicDocumentSummary | null> {
    if (!UUID.test(documentId)) return null;
    const document = await this.repository.findDocument(documentId);
    // A draft (never sent) has no public page: its id alone must not tell its title to anyone.
    if (!document || !document.sentAt) return null;
    // A replaced (withdrawn) recipient never signs: counting it would hide the real recipient's
    // signer on the page of a document sent to one.
    const recipientCount = await this.recipientRows.countActive(documentId);
    const events = await this.repository.events(documentId);
    const signatures = this.orderedSignatures(await this.repository.signatures(documentId), events);
    return {
      id: document.id,
      title: document.title,
      sha256: document.sha256,
      size: Number(document.size),
      signatures: signatures.map((s, index): PublicSignatureLine => {
        const summary = summarizeSignature(s.report);
        const disclosed = s.role === 'sender' || recipientCount <= 1;
        return {
          number: index + 1,
          role: s.role,
          action: s.action,
          acceptedAt: s.createdAt,
          indication: summary.indication,
          ...(summary.subIndication && { subIndication: summary.subIndication }),
          revocation: summary.revocation,
          ...(disclosed && {
            signer: {
              name: s.signerName,
              ...(s.signerIin && { iin: maskIin(s.signerIin) }),
              ...(s.signerBin && { bin: s.signerBin }),
              ...(summary.signer?.organization && { organization: summary.signer.organization }),
            },
          }),
        };
      }),
    };
  }

  // In the order of the events they back: timestamps of one transaction may tie.
  private orderedSignatures(signatures: DocumentSignature[], events: DocumentEvent[]): DocumentSignature[] {
    const seqOf = new Map(events.filter((e) => e.signatureId).map((e) => [e.signatureId!, e.seq]));
    return [...signatures].sort(
      (a, b) =>
        (seqOf.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (seqOf.get(b.id) ?? Number.MAX_SAFE_INTEGER) ||
        a.createdAt.getTime() - b.createdAt.getTime(),
    );
  }
}

const LINK_LABEL = 'link:';
// API keys act under their prefix (auth.service.ts: edo_<prefix>).
const API_KEY_LABEL = /^edo_/;
const SERVICE_LABEL = 'EDO service';

// The event's actor for the evidence: its kind, the person (a user's e-mail or name) and the
// organization's name; a link holder as the identifier it was sent to (and its name when it
// signed); the service itself (evidence upgrade) as such. Raw labels stay for what no rule names.
function eventActor(
  e: DocumentEvent,
  organizationName: (id: string) => string | undefined,
  linkNames: ReadonlyMap<string | undefined, string>,
): Pick<EvidenceEvent, 'actorType' | 'actorName' | 'organizationName' | 'actorIdentifier'> {
  if (e.actorLabel.startsWith(LINK_LABEL)) {
    const identifier = e.actorLabel.slice(LINK_LABEL.length);
    const name = linkNames.get(identifier);
    return { actorType: 'link', actorIdentifier: identifier, ...(name && { actorName: name }) };
  }
  const organization = e.actorOrganizationId ? organizationName(e.actorOrganizationId) : undefined;
  const named = organization ? { organizationName: organization } : {};
  if (!e.actorOrganizationId && e.actorLabel === SERVICE_LABEL) return { actorType: 'service' };
  if (e.actorUserId) return { actorType: 'user', actorName: e.actorLabel, ...named };
  if (API_KEY_LABEL.test(e.actorLabel)) return { actorType: 'apiKey', actorName: e.actorLabel, ...named };
  return { actorName: e.actorLabel, ...named };
}

// TypeORM returns a `date` column as 'YYYY-MM-DD'; a driver that hands a Date back is covered too.
function dateOnly(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value.slice(0, 10);
}

function toEvidenceSignature(s: DocumentSignature, event: DocumentEvent | undefined): EvidenceSignature {
  const base = {
    id: s.id,
    role: s.role,
    action: s.action as EvidenceSignatureAction,
    cms: new Uint8Array(s.cms),
    report: s.report,
    acceptedAt: s.createdAt,
  };
  if (s.signedContent === SignedContent.Document) return { ...base, signedContent: 'document' };
  // The action persisted the exact signed statement on the event the signature backs (same
  // transaction). Without it the CMS could not be checked: the builders refuse such input.
  return { ...base, signedContent: 'statement', ...(event?.statement != null && { statementText: event.statement }) };
}
