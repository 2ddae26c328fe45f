import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { RevocationFetcher } from '../verification/revocation-fetcher';
import { SignatureVerificationController } from './signature-verification.controller';
import { REVOCATION_FETCHER, SIGNATURE_TRUST_STORES, SignatureVerificationService } from './signature-verification.service';
import { loadTrustStores, TrustStoreName } from './trust-stores';
import { VerificationPool } from './verification-pool';

@Module({
  controllers: [SignatureVerificationController],
  providers: [
    { provide: SIGNATURE_TRUST_STORES, inject: [AppConfig], useFactory: (config: AppConfig) => config.verification.trustStores },
    {
      provide: VerificationPool,
      inject: [AppConfig, SIGNATURE_TRUST_STORES, { token: REVOCATION_FETCHER, optional: true }],
      // Trust anchors are read once at start-up: a missing or broken store fails the boot.
      useFactory: (config: AppConfig, stores: TrustStoreName[], revocationFetcher?: RevocationFetcher) =>
        new VerificationPool({
          workers: config.verification.workers,
          queueLimit: config.verification.queueLimit,
          heavyQueueLimit: config.verification.heavyQueueLimit,
          trustAnchors: loadTrustStores(stores),
          revocationOnline: config.verification.revocationOnline,
          ...(revocationFetcher && { revocationFetcher }),
        }),
    },
    SignatureVerificationService,
  ],
  exports: [SignatureVerificationService],
})
export class SignatureVerificationModule {}
