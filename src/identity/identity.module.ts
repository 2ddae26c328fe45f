import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations';
import { LegalModule } from '../legal';
import { SignatureVerificationModule } from '../signing';
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
  // INCOMING_DOCUMENTS (the new organization's inbox, see incoming-documents.ts) comes from the
  // global DocumentsModule, which implements the port; identity does not import documents.
  imports: [LegalModule, SignatureVerificationModule, IntegrationsModule],
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
