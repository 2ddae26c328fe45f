import { DocumentsErrorCode } from '../documents.errors';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { DocumentResponse } from '../documents.api';
import { LINK_TOKEN, LinkedDocumentView } from './links.service';

export class LinkTermsResponse {
  @ApiProperty({ type: 'string', format: 'date-time', description: 'After this the link answers 410 LINK_EXPIRED' })
  expiresAt!: Date;

  @ApiProperty({ format: 'uuid', description: 'The recipient row the link stands for' })
  recipientId!: string;
}

export class LinkedDocumentResponse extends DocumentResponse implements LinkedDocumentView {
  @ApiProperty({ type: () => LinkTermsResponse })
  link!: LinkTermsResponse;
}

export const LinkTokenParam = () =>
  ApiParam({
    name: 'token',
    schema: { type: 'string', pattern: LINK_TOKEN.source },
    description: 'The token of the e-mailed link (its last path segment); it alone authorizes the request',
  });

// What a link token answers when it does not lead to a document (links.service.ts resolve).
export const LINK_ERRORS = [DocumentsErrorCode.LinkNotFound, DocumentsErrorCode.LinkExpired, DocumentsErrorCode.LinkRevoked];
