import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NotAudited, Public } from '../../common/security/decorators';
import { SignatureVerificationService } from './signature-verification.service';
import { VerifyRequestDto } from './verify.dto';

@ApiTags('verification')
@Controller('api/v1/verify')
export class SignatureVerificationController {
  constructor(private readonly verification: SignatureVerificationService) {}

  // Public and read-only, hence not audited; the global throttler limits it per client IP.
  // 200 whatever the indication: a FAILED or INDETERMINATE report is the answer, not an error.
  @Post()
  @Public()
  @NotAudited()
  @HttpCode(200)
  @ApiOkResponse({ description: 'ETSI EN 319 102-1 style report: indication, subIndication, signers with their checks' })
  verify(@Body() dto: VerifyRequestDto) {
    return this.verification.verify(dto);
  }
}
