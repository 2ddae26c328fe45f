import { EvidenceResealer } from './evidence-resealer';
import { Global, Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations';
import { SignatureUpgradeModule, SignatureVerificationModule } from '../signing';
import { DocumentActionsService } from './document-actions.service';
import { DocumentEvidenceController } from './document-evidence.controller';
import { DocumentEvidenceService } from './document-evidence.service';
import { DocumentHistory } from './persistence/document-history';
import { DocumentListsService } from './document-lists.service';
import { DOCUMENT_QUOTA, UnlimitedDocumentQuota } from './document-quota.port';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './persistence/documents.repository';
import { IncomingDocumentsService } from './incoming-documents.service';
import { INCOMING_DOCUMENTS } from '../identity';
import { EvidenceRepository } from './persistence/evidence.repository';
import { RecipientsRepository } from './persistence/recipients.repository';
import { DocumentsService } from './documents.service';
import { DocumentDraftsService } from './document-drafts.service';
import { DocumentPackagesService } from './document-packages.service';
import { DocumentSendingService } from './document-sending.service';
import { DocumentUploadService } from './document-upload.service';
import { RecipientLinksService } from './links/recipient-links.service';
import { DocumentListsRepository } from './persistence/document-lists.repository';
import { PackagesRepository } from './persistence/packages.repository';
import { SigningPoliciesRepository } from './persistence/signing-policies.repository';
import { StatementsRepository } from './persistence/statements.repository';
import { SenderSignatureService } from './sender-signature.service';
import { SignatureAcceptanceService } from './signature-acceptance.service';
import { SigningPolicyService } from './signing-policy.service';
import { LinksController } from './links/links.controller';
import { LinksService } from './links/links.service';
import { SignatureEvidenceUpgrader } from './signature-timestamp';

// The document flow (issue 5): upload, sender signature, sending, inbox/outbox, recipient
// actions, annulment, e-mailed links. DOCUMENT_QUOTA is the billing port (unlimited for now).
// Global: identity injects INCOMING_DOCUMENTS (a port identity defines, implemented here) without
// importing this module, so the arrow between the two stays documents → identity (ARCHITECTURE.md).
@Global()
@Module({
  imports: [IntegrationsModule, SignatureVerificationModule, SignatureUpgradeModule],
  controllers: [DocumentsController, LinksController, DocumentEvidenceController],
  providers: [
    DocumentsService,
    DocumentUploadService,
    DocumentDraftsService,
    SignatureAcceptanceService,
    SenderSignatureService,
    DocumentSendingService,
    RecipientLinksService,
    DocumentPackagesService,
    SigningPolicyService,
    DocumentActionsService,
    DocumentListsService,
    DocumentHistory,
    DocumentsRepository,
    RecipientsRepository,
    EvidenceRepository,
    PackagesRepository,
    DocumentListsRepository,
    StatementsRepository,
    SigningPoliciesRepository,
    { provide: INCOMING_DOCUMENTS, useClass: IncomingDocumentsService },
    DocumentEvidenceService,
    LinksService,
    SignatureEvidenceUpgrader,
    EvidenceResealer,
    { provide: DOCUMENT_QUOTA, useClass: UnlimitedDocumentQuota },
  ],
  exports: [DocumentsService, DOCUMENT_QUOTA, INCOMING_DOCUMENTS],
})
export class DocumentsModule {}
