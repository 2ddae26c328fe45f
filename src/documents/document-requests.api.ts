// The answers of the action, link, package and policy routes, the upload's multipart body, and
// the route decorators the document controllers share (the contract in openapi/openapi.json).
import { ApiBody, ApiConsumes, ApiParam, ApiProperty } from '@nestjs/swagger';

import { applyDecorators } from '@nestjs/common';
import { DocumentsErrorCode } from './documents.errors';
import type { ErrorCode } from '../common/errors/error-definitions';
import { ApiErrors } from '../common/http/openapi';

import { SNIFFED_CONTENT_TYPES } from '../common/files/content-sniffer';

import type { ActionResultView, StatementView } from './document-actions.service';

import type {
  DeletedDocumentView,
  LinkRevocationView,
  PackageDocumentView,
  PackageView,
  RecipientView,
  SignatureView,
} from './document-views';
import { UploadMetadataDto } from './dto';

import { SIGNING_ROLES, type SigningPolicyRules, type SigningRole } from './signing-policy';
import { DOCUMENT_ACTIONS, type DocumentAction, type RollUpStatus } from './status';
import { DATE_TIME, NULLABLE_DATE_TIME, SHA256_HEX, UUID } from '../common/http/schema-fragments';
import { DOCUMENT_STATUS } from './document-schemas.api';
import { DocumentRecipientResponse, DocumentSignatureResponse } from './documents.api';

export class DeletedDocumentResponse implements DeletedDocumentView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ ...DATE_TIME, description: 'From now on the document is in no list and every route answers 404 for it.' })
  deletedAt!: Date;
}

export class LinkRevocationResponse implements LinkRevocationView {
  @ApiProperty(UUID)
  recipientId!: string;

  @ApiProperty({ description: 'False: the recipient had no link left to revoke (nothing changed).' })
  revoked!: boolean;

  @ApiProperty(DATE_TIME)
  revokedAt!: Date;
}

export class StatementResponse implements StatementView {
  @ApiProperty({ enum: DOCUMENT_ACTIONS.filter((a) => a !== 'sign') })
  action!: StatementView['action'];

  @ApiProperty({ ...UUID, description: 'The recipient row the statement concerns.' })
  recipientId!: string;

  @ApiProperty({ description: 'The canonical text to sign, exactly (UTF-8).' })
  statement!: string;

  @ApiProperty({
    type: 'string',
    format: 'byte',
    description: 'The same text as base64 of its UTF-8 bytes (what a signer signs).',
  })
  statementBase64!: string;

  @ApiProperty({ ...SHA256_HEX, description: 'SHA-256 of the UTF-8 text, lowercase hex.' })
  sha256!: string;

  @ApiProperty({ ...DATE_TIME, description: 'Sign and perform the action before this time; a statement serves once.' })
  expiresAt!: Date;
}

export class ActionResultResponse implements ActionResultView {
  @ApiProperty({ enum: DOCUMENT_ACTIONS })
  action!: DocumentAction;

  @ApiProperty({ type: () => DocumentRecipientResponse, description: 'The recipient row as it now is.' })
  recipient!: RecipientView;

  @ApiProperty({ type: () => DocumentSignatureResponse, description: 'The signature that performed the action.' })
  signature!: SignatureView;
}

export class PackageDocumentResponse implements PackageDocumentView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty(NULLABLE_DATE_TIME)
  senderSignedAt!: Date | null;

  @ApiProperty(NULLABLE_DATE_TIME)
  sentAt!: Date | null;

  @ApiProperty(DOCUMENT_STATUS)
  status!: RollUpStatus;

  @ApiProperty({ type: [DocumentRecipientResponse] })
  recipients!: RecipientView[];
}

export class PackageResponse implements PackageView {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty({ type: 'string', nullable: true })
  title!: string | null;

  @ApiProperty({ description: 'Sent only when every document is signed; a refusal of one part applies to all.' })
  allOrNothing!: boolean;

  @ApiProperty(NULLABLE_DATE_TIME)
  sentAt!: Date | null;

  @ApiProperty(DATE_TIME)
  createdAt!: Date;

  @ApiProperty({ type: [PackageDocumentResponse], description: 'Oldest first.' })
  documents!: PackageDocumentView[];
}

const POLICY_ROLES = {
  enum: SIGNING_ROLES,
  isArray: true,
  description: 'Certificate roles that may sign this kind of document for the organization.',
} as const;

export class SigningPolicyResponse implements SigningPolicyRules {
  @ApiProperty(POLICY_ROLES)
  contract!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  act!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  invoice!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  waybill!: SigningRole[];

  @ApiProperty(POLICY_ROLES)
  other!: SigningRole[];
}

// ---- requests that are not a JSON body -----------------------------------------------------------

export class UploadDocumentRequest extends UploadMetadataDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The document, before or after the metadata fields (any type; not empty, at most the configured DOCUMENT_MAX_BYTES).',
  })
  file!: unknown;
}

// POST /documents: multipart/form-data, the metadata fields and the part "file" in either order.
export const ApiDocumentUpload = () =>
  applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      type: UploadDocumentRequest,
      description:
        'multipart/form-data: the metadata fields and one part named "file" (streamed to storage), in either order. ' +
        'Fields after the file are validated when the request ends; if they fail, the stored file is deleted. ' +
        'A bad field, a second file or an empty one is refused and nothing is kept.',
    }),
  );

// The media types a stored document is served as (its sniffed contentType).
export const DOCUMENT_CONTENT_MEDIA_TYPES = Object.fromEntries(
  SNIFFED_CONTENT_TYPES.map((type) => [type.split(';')[0], { schema: { type: 'string', format: 'binary' } }]),
);

// ---- route decorators the document controllers share ---------------------------------------------

// The error codes of the routes below, besides the ones every route shares (400 validation, 403
// rights and CSRF, idempotency, body limits: openapi.ts adds them to each route).
// Sending to recipients (document-sending.service.ts sendLocked / recipientEvent); the quota is billing's port.
export const SENDING_ERRORS = [
  DocumentsErrorCode.DocumentNotSigned,
  DocumentsErrorCode.DocumentRecipientExists,
  DocumentsErrorCode.DocumentQuotaExceeded,
];

// The groups above may overlap: each code listed once.
export const RouteErrors = (...codes: ErrorCode[]) => ApiErrors(...new Set(codes));

export const DocumentIdParam = () =>
  ApiParam({ name: 'id', format: 'uuid', description: "The document (another organization's, or an unknown one, is 404)." });
export const PackageIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'A package of the caller.' });
