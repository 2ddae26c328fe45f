import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Audited, LoginThrottled, Public } from '../../common/security/decorators';
import { AppConfig } from '../../config/app-config';
import { clientOf } from '../auth/auth.controller';
import { startSession } from '../auth/session-cookies';
import { RegistrationDto } from '../dto/signature.dto';
import { RegistrationService } from './registration.service';

@ApiTags('registration')
@Controller('api/v1/registration')
export class RegistrationController {
  constructor(
    private readonly registrations: RegistrationService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  @LoginThrottled()
  @Audited('organization.register', 'organization')
  @ApiOperation({
    summary: 'Registration = acceptance of the offer: a CMS over the exact text of the offer version in force (SIGN key)',
  })
  async register(@Body() dto: RegistrationDto, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const { registration, login } = await this.registrations.register(dto, clientOf(request));
    request.principal = login.principal;

    return { ...registration, session: startSession(response, login, this.config) };
  }
}
