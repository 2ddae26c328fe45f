import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('HTTP');

// Document link tokens travel in the path (/l/<token>, /api/v1/links/<token>/...): only their
// first 6 characters reach the logs, enough to correlate, too few to use. Matched as Express routes
// them: any letter case, and repeated slashes (//api/v1//links/…) taken as one.
const LINK_PATH = /^(\/+(?:l|api\/+v1\/+links)\/+)([^/]{1,6})[^/]*/i;

export function redactPath(path: string): string {
  return path.replace(LINK_PATH, (_match, prefix: string, kept: string) => `${prefix}${kept}…`);
}

// One structured line per request. The path is logged without its query string: link tokens
// and cursors never reach the logs.
export function accessLogMiddleware(request: Request, response: Response, next: NextFunction) {
  const started = performance.now();
  response.on('finish', () => {
    logger.log({
      msg: 'request',
      method: request.method,
      path: redactPath(request.originalUrl.split('?')[0]),
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
      principal: request.principal?.kind,
    });
  });
  next();
}
