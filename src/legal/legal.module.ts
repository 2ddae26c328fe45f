import { Module } from '@nestjs/common';
import { SignatureVerificationModule } from '../signing';
import { AcceptancesController } from './acceptances.controller';
import { LegalController } from './legal.controller';
import { LegalRepository } from './legal.repository';
import { LegalService } from './legal.service';

// Versioned offer and privacy policy texts, and the organizations' signed acceptances of them.
@Module({
  imports: [SignatureVerificationModule],
  controllers: [LegalController, AcceptancesController],
  providers: [LegalRepository, LegalService],
  exports: [LegalService],
})
export class LegalModule {}
