import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { SignatureVerificationService, SignedContentVerification, type SignerIdentity } from '../signing';
import { DocumentSignature, SignatureRole, SignedContent } from './entities/document-signature.entity';
import { assertRoleAllowed, assertSignerIs, documentSigner, signerColumns } from './signer-checks';
import { SealedSignature, SignatureEvidenceUpgrader } from './signature-timestamp';

// The bytes a CMS signs: the stored document, or a statement's text.
export interface SignedBytes {
  readonly open: () => Promise<AsyncIterable<Uint8Array>>;
  readonly sha256: string;
  // The stored object's key (a document); absent for a statement.
  readonly objectKey?: string;
}

// Who must have signed, and with which roles. Both are asked only once the CMS verified, in this
// order (a wrong signer is refused before its roles are looked at).
export interface SignerExpectation {
  readonly identifier: () => string | Promise<string>;
  // The roles the acting organization's policy allows for the document kind; null: any role (a
  // signed receipt).
  readonly allowedRoles: () => Promise<readonly string[] | null>;
  readonly kind: string;
}

// A verified, accepted signature with its evidence (time-stamped and upgraded when a TSA is set).
export interface AcceptedSignature {
  readonly signer: SignerIdentity;
  readonly sealed: SealedSignature;
}

// What a document_signatures row says about where the accepted signature belongs.
export interface SignaturePlace {
  readonly documentId: string;
  readonly eventId: string;
  readonly recipientId: string | null;
  readonly organizationId: string | null;
  readonly role: SignatureRole;
  readonly signedContent: SignedContent;
  readonly action: string;
}

// Accepting a signature, the same for the sender's signature and every recipient action (and an
// annulment by either side): verify the CMS over the signed bytes with the flow's policy, check
// the signer against the expected BIN/IIN and the policy's roles, then seal it (time-stamp and
// revocation data, verified again). Nothing is written here: the caller stores the signature row
// with its event (document-history.ts), so a refused signature leaves no trace and may be retried.
@Injectable()
export class SignatureAcceptanceService {
  constructor(
    private readonly verification: SignatureVerificationService,
    private readonly evidence: SignatureEvidenceUpgrader,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async accept(cms: string, bytes: SignedBytes, expected: SignerExpectation): Promise<AcceptedSignature> {
    const policy = { keyUsage: 'SIGN' as const, revocation: this.config.signatureAuth.revocation };
    const verify = (candidate: string): Promise<SignedContentVerification> =>
      bytes.objectKey === undefined
        ? this.verification.verifySignedStream(candidate, bytes.open, bytes.sha256, policy)
        : this.verification.verifySignedStream(candidate, bytes.open, bytes.sha256, policy, bytes.objectKey);
    const verification = await verify(cms);
    const signer = documentSigner(verification);
    assertSignerIs(signer, await expected.identifier());
    const allowedRoles = await expected.allowedRoles();
    if (allowedRoles !== null) assertRoleAllowed(signer, allowedRoles, expected.kind);
    const sealed = await this.evidence.seal(cms, verification, { openContent: bytes.open, verifyAgain: verify });
    return { signer, sealed };
  }

  // The new document_signatures row for an accepted signature (inserted with its event).
  signatureRow(accepted: AcceptedSignature, place: SignaturePlace): DocumentSignature {
    return Object.assign(new DocumentSignature(), {
      id: randomUUID(),
      ...place,
      ...signerColumns(accepted.signer, accepted.sealed),
      createdAt: this.clock.now(),
    });
  }

  // What the event's data records of the evidence: the AdES level reached, and why the CMS was
  // stored as received when the upgrade failed.
  evidenceData(accepted: AcceptedSignature): { adesLevel: unknown; timestampError?: string } {
    const { sealed } = accepted;
    return {
      adesLevel: sealed.report.signers[0]?.adesLevel,
      ...(sealed.timestampError && { timestampError: sealed.timestampError }),
    };
  }
}
