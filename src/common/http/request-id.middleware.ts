import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContextStorage } from '../logging/request-context';

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,64}$/;

// Every request gets an id (the caller's X-Request-Id when it is sane), echoed in the response
// and attached to every log line written while handling it.
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction) {
  const incoming = request.header('x-request-id');
  const requestId = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', requestId);
  requestContextStorage.run({ requestId }, next);
}
