import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SignatureVerificationController } from './signature-verification.controller';
import { SIGNATURE_TRUST_STORES, SignatureVerificationService } from './signature-verification.service';

@Module({
  controllers: [SignatureVerificationController],
  providers: [
    { provide: SIGNATURE_TRUST_STORES, inject: [AppConfig], useFactory: (config: AppConfig) => config.verification.trustStores },
    SignatureVerificationService,
  ],
  exports: [SignatureVerificationService],
})
export class SignatureVerificationModule {}
