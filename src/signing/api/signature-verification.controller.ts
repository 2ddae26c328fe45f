import { Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { NotAudited } from '../../audit';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Request } from 'express';
import { SigningErrorCode } from '../signing.errors';
import { ApiErrors, ApiRequestContent } from '../../common/http/openapi';
import { createValidationPipe } from '../../common/http/validation';
import { Public } from '../../common/security/decorators';
import reportSchema from '../verification/report.schema.json';
import { SignatureVerificationService } from './signature-verification.service';
import { VerificationReportResponse } from './verification-report.api';
import { MAX_EVIDENCE_ITEMS, VerifyRequestDto } from './verify.dto';
import { isMultipart, MULTIPART_LIMITS, readVerifyMultipart } from './verify-multipart';

const MB = 1024 * 1024;

// The multipart form of the request (verify-multipart.ts): the same fields, files as they are.
const VERIFY_MULTIPART_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['cms'],
  additionalProperties: false,
  properties: {
    cms: {
      type: 'string',
      format: 'binary',
      description: `The CMS: a DER file (at most ${MULTIPART_LIMITS.cmsBytes / MB} MB), or a text part with base64 or PEM`,
    },
    data: { type: 'string', format: 'binary', description: `Detached content (at most ${MULTIPART_LIMITS.dataBytes / MB} MB)` },
    evidence: {
      type: 'array',
      maxItems: MAX_EVIDENCE_ITEMS,
      items: { type: 'string', format: 'binary' },
      description: `Offline revocation evidence: OCSP responses or CRLs (DER), one file part each (at most ${MULTIPART_LIMITS.evidenceBytes / MB} MB together)`,
    },
    validationTime: { type: 'string', format: 'date-time', description: 'Time to validate at (ISO 8601); default: now' },
    policy: {
      type: 'string',
      description: 'The policy object of the JSON form (VerifyPolicyDto), as JSON text',
      example: '{"revocation":"require","keyUsage":"SIGN"}',
    },
  },
};

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
  @ApiOperation({
    summary:
      'Verify a CMS/CAdES signature (NCA RK certificates): JSON with base64 fields, or multipart with the files as they are',
    description:
      'Answers 200 whatever the result: TOTAL_FAILED and INDETERMINATE are reports, not errors. ' +
      'The multipart form has no JSON size limit: a detached document of up to 32 MB travels as a file. ' +
      "The report's full JSON Schema, with the rules between its fields, is at GET /api/v1/verify/schema.",
  })
  @ApiExtraModels(VerifyRequestDto)
  @ApiRequestContent({
    'application/json': { schema: { $ref: getSchemaPath(VerifyRequestDto) } },
    'multipart/form-data': { schema: VERIFY_MULTIPART_SCHEMA },
  })
  @ApiOkResponse({
    type: VerificationReportResponse,
    description: 'ETSI EN 319 102-1 style report: indication, subIndication, signers with their checks',
  })
  // A route that declares a 400 of its own restates the shared ones.
  @ApiErrors(SigningErrorCode.VerificationBusy, SigningErrorCode.NotASignature)
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
  @ApiOperation({ summary: 'JSON Schema (draft 2020-12) of the verification report, for validation and code generation' })
  @ApiOkResponse({
    description: 'JSON Schema (draft 2020-12) of the verification report',
    content: {
      'application/schema+json': {
        schema: { type: 'object', additionalProperties: true, description: 'A JSON Schema document (draft 2020-12)' },
      },
    },
  })
  schema() {
    return reportSchema;
  }
}
