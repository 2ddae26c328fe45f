import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('HTTP');

// One structured line per request. The path is logged without its query string: link tokens
// and cursors never reach the logs.
export function accessLogMiddleware(request: Request, response: Response, next: NextFunction) {
  const started = performance.now();
  response.on('finish', () => {
    logger.log({
      msg: 'request',
      method: request.method,
      path: request.originalUrl.split('?')[0],
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
      principal: request.principal?.kind,
    });
  });
  next();
}
