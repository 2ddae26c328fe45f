import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { loadTrustStores } from '../api/trust-stores';
import { SignatureUpgradeService, UPGRADE_TRUST_ANCHORS } from './signature-upgrade.service';

// Needs AppConfig (ConfigModule, global); uses Clock, REVOCATION_FETCHER and TSA_FETCHER when
// some module provides them globally (AppModule does for the first two).
@Module({
  providers: [
    {
      provide: UPGRADE_TRUST_ANCHORS,
      inject: [AppConfig],
      // Read at start-up like the verification service: a broken store fails the boot.
      useFactory: (config: AppConfig) => loadTrustStores(config.verification.trustStores),
    },
    SignatureUpgradeService,
  ],
  exports: [SignatureUpgradeService],
})
export class SignatureUpgradeModule {}
