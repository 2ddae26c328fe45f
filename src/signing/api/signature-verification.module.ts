import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SignatureVerificationController } from './signature-verification.controller';
import { SIGNATURE_TRUST_STORES, SignatureVerificationService } from './signature-verification.service';
import { defaultTrustStores } from './trust-stores';

@Module({
  controllers: [SignatureVerificationController],
  providers: [
    // The environment picks the stores for now; a TRUST_STORES variable in AppConfig will name them.
    {
      provide: SIGNATURE_TRUST_STORES,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => defaultTrustStores(config.isProduction),
    },
    SignatureVerificationService,
  ],
  exports: [SignatureVerificationService],
})
export class SignatureVerificationModule {}
