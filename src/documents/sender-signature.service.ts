import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { DocumentsErrorCode } from './documents.errors';
import type { TenantPrincipal } from '../common/security/principal';
import { actorOf } from './document-access';
import { presentSignature, SignatureView } from './document-views';
import { DocumentsService } from './documents.service';
import { SenderSignatureDto } from './dto';
import { SignatureRole, SignedContent } from './entities/document-signature.entity';
import { DocumentRecord } from './entities/document.entity';
import { SignatureAcceptanceService } from './signature-acceptance.service';
import { SigningPolicyService } from './signing-policy.service';

// The sender signs its document (before sending it): a CMS over the stored file by the owner's
// BIN/IIN with a role its policy allows for the kind.
@Injectable()
export class SenderSignatureService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly acceptance: SignatureAcceptanceService,
    private readonly policies: SigningPolicyService,
    private readonly clock: Clock,
  ) {}

  async signAsSender(principal: TenantPrincipal, id: string, dto: SenderSignatureDto): Promise<SignatureView> {
    const access = await this.documents.asSender(principal.organizationId, id);
    const { document, owner = await this.documents.ownerOf(access.document), callerRules } = access;
    if (document.senderSignedAt) throw new DomainError(DocumentsErrorCode.DocumentAlreadySignedBySender);
    const accepted = await this.acceptance.accept(
      dto.cms,
      { open: () => this.documents.openContent(document), sha256: document.sha256, objectKey: document.objectKey },
      {
        identifier: () => owner.identifier,
        // The caller is the owner: its rules came with the document.
        allowedRoles: async () => (callerRules ?? (await this.policies.policyOf(owner.id)))[document.kind],
        kind: document.kind,
      },
    );

    const eventId = randomUUID();
    const signature = this.acceptance.signatureRow(accepted, {
      documentId: document.id,
      eventId,
      recipientId: null,
      organizationId: owner.id,
      role: SignatureRole.Sender,
      signedContent: SignedContent.Document,
      action: 'sign',
    });
    const event = (current: DocumentRecord) => {
      if (current.senderSignedAt) throw new DomainError(DocumentsErrorCode.DocumentAlreadySignedBySender);
      return {
        id: eventId,
        type: 'document.signed_by_sender' as const,
        documentChanges: { senderSignedAt: this.clock.now() },
        signature,
        signatureId: signature.id,
        data: { signer: { iin: signature.signerIin, bin: signature.signerBin }, ...this.acceptance.evidenceData(accepted) },
        notify: [owner.id],
      };
    };
    await this.documents.appendAsRead(document, actorOf(principal), event);
    return presentSignature(signature);
  }
}
