import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { LegalModule } from '../legal/legal.module';
import { SignatureVerificationModule } from '../signing/api/signature-verification.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { IdentityRepository } from './identity.repository';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { RegistrationController } from './signature/registration.controller';
import { RegistrationService } from './signature/registration.service';
import { SignatureAuthService } from './signature/signature-auth.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

// Organizations, users and their rights, sessions, API keys; registration (= acceptance of the
// offer) and login by ЭЦП; invitations of further users.
@Module({
  // DocumentsModule: INCOMING_DOCUMENTS, the new organization's inbox (see incoming-documents.ts).
  imports: [LegalModule, SignatureVerificationModule, IntegrationsModule, DocumentsModule],
  controllers: [
    AuthController,
    RegistrationController,
    UsersController,
    InvitationsController,
    ApiKeysController,
    OrganizationsController,
  ],
  providers: [
    IdentityRepository,
    AuthService,
    AuthGuard,
    UsersService,
    ApiKeysService,
    OrganizationsService,
    RegistrationService,
    SignatureAuthService,
    InvitationsService,
  ],
  exports: [AuthService, AuthGuard, IdentityRepository],
})
export class IdentityModule {}
