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
import { AppConfig } from '../../config/app-config';
import { currentRequestId } from '../logging/request-context';
import { pickLocale } from '../http/locale';
import { DomainError } from './domain.error';
import { ERROR_CATALOG, ErrorCode } from './error-catalog';
import { FAILED_REQUEST_AUDIT, FailedRequestAudit } from './failed-request-audit.port';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown>; requestId?: string };
}

// Framework exceptions that are not ours, mapped to our codes by status.
const STATUS_TO_CODE: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.NOT_FOUND]: ErrorCode.RouteNotFound,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.TOO_MANY_REQUESTS]: ErrorCode.RateLimited,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.AuthRequired,
  [HttpStatus.FORBIDDEN]: ErrorCode.Forbidden,
};

// body-parser's error types (its `type` property) that are the client's fault.
const BODY_PARSER_ERRORS: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': ErrorCode.PayloadTooLarge,
  'entity.parse.failed': ErrorCode.MalformedRequest,
  'charset.unsupported': ErrorCode.UnsupportedMediaType,
  'encoding.unsupported': ErrorCode.UnsupportedMediaType,
};

export function toDomainError(exception: unknown): DomainError | undefined {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof ThrottlerException) return new DomainError(ErrorCode.RateLimited);
  // body-parser's own errors (a body over the limit, an unknown charset) reach us unwrapped.
  const bodyParserCode = BODY_PARSER_ERRORS[(exception as { type?: string })?.type ?? ''];
  if (bodyParserCode) return new DomainError(bodyParserCode);
  if (exception instanceof HttpException) {
    const code = STATUS_TO_CODE[exception.getStatus()];
    if (code) return new DomainError(code);
    // Our validation raises DomainErrors; a bare 400 is Nest's mapping of a body-parser JSON
    // SyntaxError or a URIError from a broken percent-encoding.
    if (exception.getStatus() === HttpStatus.BAD_REQUEST) return new DomainError(ErrorCode.MalformedRequest);
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
    const error = toDomainError(exception) ?? new DomainError(ErrorCode.Internal);
    if (error.code === ErrorCode.Internal) {
      this.logger.error({ msg: 'unhandled error', method: request.method, path: redactPath(request.path) }, exception);
    }
    const body = renderError(error, pickLocale(request.headers['accept-language'], this.config.defaultLocale));
    if (response.headersSent) return;
    await this.recordFailure(host, request, error);
    if (error.code === ErrorCode.RateLimited) copyThrottlerRetryAfter(response);
    for (const [name, value] of Object.entries(error.headers ?? {})) response.setHeader(name, value);
    response.status(ERROR_CATALOG[error.code].status).json(body);
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

export function renderError(error: DomainError, locale: keyof (typeof ERROR_CATALOG)[ErrorCode]['messages']): ErrorBody {
  const entry = ERROR_CATALOG[error.code];
  return {
    error: {
      code: error.code,
      message: entry.messages[locale],
      ...(error.details ? { details: error.details } : {}),
      requestId: currentRequestId(),
    },
  };
}
