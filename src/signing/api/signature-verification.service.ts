import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import type { VerificationReport } from '../verification/report';
import { loadTrustStores, TrustStoreName } from './trust-stores';
import { verifySignatureRequest } from './verification-request';
import { VerifyRequestDto } from './verify.dto';

// Names of the trust stores this process trusts; provided by SignatureVerificationModule.
export const SIGNATURE_TRUST_STORES = Symbol('SIGNATURE_TRUST_STORES');

@Injectable()
export class SignatureVerificationService {
  private readonly trustAnchors: readonly Uint8Array[];

  constructor(
    @Inject(SIGNATURE_TRUST_STORES) readonly trustStores: readonly TrustStoreName[],
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    // Read once at start-up: a missing or broken store fails the boot, not the first request.
    this.trustAnchors = loadTrustStores(trustStores);
  }

  // Never throws for bad signatures: FAILED and INDETERMINATE are reports like any other.
  verify(request: VerifyRequestDto): Promise<VerificationReport> {
    return verifySignatureRequest(
      {
        cms: request.cms,
        ...(request.data !== undefined && { data: new Uint8Array(Buffer.from(request.data, 'base64')) }),
        validationTime: request.validationTime ? new Date(request.validationTime) : this.clock.now(),
        ...(request.policy && { policy: request.policy }),
      },
      this.trustAnchors,
      { revocationOnline: this.config.verification.revocationOnline },
    );
  }
}
