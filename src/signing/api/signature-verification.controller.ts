import { Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { createValidationPipe } from '../../common/http/validation';
import { NotAudited, Public } from '../../common/security/decorators';
import reportSchema from '../verification/report.schema.json';
import { SignatureVerificationService } from './signature-verification.service';
import { VerifyRequestDto } from './verify.dto';
import { isMultipart, readVerifyMultipart } from './verify-multipart';

// The JSON form is validated here rather than by @Body(), since the multipart form has no JSON body.
const validation = createValidationPipe();

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
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    type: VerifyRequestDto,
    description:
      'JSON with base64 fields, or multipart/form-data with parts cms, data, evidence (files), validationTime, policy (JSON)',
  })
  @ApiOkResponse({ description: 'ETSI EN 319 102-1 style report: indication, subIndication, signers with their checks' })
  async verify(@Req() request: Request) {
    if (isMultipart(request)) {
      // A busy pool refuses before a multipart body of up to 64 MB is read.
      this.verification.assertCapacity();
      return this.verification.verifyParts(await readVerifyMultipart(request));
    }
    const dto = (await validation.transform(request.body ?? {}, {
      type: 'body',
      metatype: VerifyRequestDto,
    })) as VerifyRequestDto;
    return this.verification.verify(dto);
  }

  // The JSON Schema (draft 2020-12) of the report above, so clients can validate and generate types.
  @Get('schema')
  @Public()
  @NotAudited()
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @ApiOkResponse({ description: 'JSON Schema (draft 2020-12) of the verification report' })
  schema() {
    return reportSchema;
  }
}
