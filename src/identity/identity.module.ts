import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { IdentityRepository } from './identity.repository';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

// Organizations, users and their rights, sessions, API keys. Login by ЭЦП joins here later.
@Module({
  controllers: [AuthController, UsersController, ApiKeysController, OrganizationsController],
  providers: [IdentityRepository, AuthService, AuthGuard, UsersService, ApiKeysService, OrganizationsService],
  exports: [AuthService, AuthGuard, IdentityRepository],
})
export class IdentityModule {}
