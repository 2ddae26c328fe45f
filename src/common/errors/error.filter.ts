import { redactPath } from '../http/access-log.middleware';
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig, type Locale } from '../../config/app-config';
import { currentRequestId } from '../logging/request-context';
import { pickLocale } from '../http/locale';
import { DomainError } from './domain.error';
import { CommonErrorCode } from './common.errors';
import { errorEntry, isDefinedErrorCode, type ErrorCode } from './error-definitions';
import { FAILED_REQUEST_AUDIT, FailedRequestAudit } from './failed-request-audit.port';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown>; requestId?: string };
}

// Framework exceptions that are not ours, mapped to our codes by status.
const STATUS_TO_CODE: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.NOT_FOUND]: CommonErrorCode.RouteNotFound,
  [HttpStatus.PAYLOAD_TOO_LARGE]: CommonErrorCode.PayloadTooLarge,
  [HttpStatus.TOO_MANY_REQUESTS]: CommonErrorCode.RateLimited,
  [HttpStatus.UNAUTHORIZED]: CommonErrorCode.AuthRequired,
  [HttpStatus.FORBIDDEN]: CommonErrorCode.Forbidden,
};

// body-parser's error types (its `type` property) that are the client's fault.
const BODY_PARSER_ERRORS: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': CommonErrorCode.PayloadTooLarge,
  'entity.parse.failed': CommonErrorCode.MalformedRequest,
  'charset.unsupported': CommonErrorCode.UnsupportedMediaType,
  'encoding.unsupported': CommonErrorCode.UnsupportedMediaType,
};

export function toDomainError(exception: unknown): DomainError | undefined {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof ThrottlerException) return new DomainError(CommonErrorCode.RateLimited);
  // body-parser's own errors (a body over the limit, an unknown charset) reach us unwrapped.
  const bodyParserCode = BODY_PARSER_ERRORS[(exception as { type?: string })?.type ?? ''];
  if (bodyParserCode) return new DomainError(bodyParserCode);
  if (exception instanceof HttpException) {
    const code = STATUS_TO_CODE[exception.getStatus()];
    if (code) return new DomainError(code);
    // Our validation raises DomainErrors; a bare 400 is Nest's mapping of a body-parser JSON
    // SyntaxError or a URIError from a broken percent-encoding.
    if (exception.getStatus() === HttpStatus.BAD_REQUEST) return new DomainError(CommonErrorCode.MalformedRequest);
  }
  return undefined;
}

// The one place where errors become HTTP responses: stable code, localized message, no stack.
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  constructor(
    private readonly config: AppConfig,
    @Inject(FAILED_REQUEST_AUDIT) private readonly failedRequests: FailedRequestAudit,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const known = toDomainError(exception);
    // A code no module defined has no status or message: it is a bug, answered as one.
    const error = known && isDefinedErrorCode(known.code) ? known : new DomainError(CommonErrorCode.Internal);
    if (error.code === CommonErrorCode.Internal) {
      this.logger.error({ msg: 'unhandled error', method: request.method, path: redactPath(request.path) }, exception);
    }
    const body = renderError(error, pickLocale(request.headers['accept-language'], this.config.defaultLocale));
    if (response.headersSent) return;
    await this.recordFailure(host, request, error);
    if (error.code === CommonErrorCode.RateLimited) copyThrottlerRetryAfter(response);
    for (const [name, value] of Object.entries(error.headers ?? {})) response.setHeader(name, value);
    response.status(errorEntry(error.code).status).json(body);
  }

  // A failed state-changing request (or a failed login) is audited like a successful one; the
  // audit module decides which (FAILED_REQUEST_AUDIT).
  private async recordFailure(host: ArgumentsHost, request: Request, error: DomainError) {
    try {
      await this.failedRequests.recordFailure(request, (host as ExecutionContext).getHandler?.(), error);
    } catch {
      // Already logged by the audit service; the client still gets its error.
    }
  }
}

// The throttler names its header after the limit that tripped (Retry-After-login); clients
// expect the standard header.
function copyThrottlerRetryAfter(response: Response) {
  const named = Object.entries(response.getHeaders()).find(([name]) => name.toLowerCase().startsWith('retry-after'));
  if (named) response.setHeader('Retry-After', String(named[1]));
}

export function renderError(error: DomainError, locale: Locale): ErrorBody {
  const entry = errorEntry(error.code);
  return {
    error: {
      code: error.code,
      message: entry.messages[locale],
      ...(error.details ? { details: error.details } : {}),
      requestId: currentRequestId(),
    },
  };
}
