import type { NextFunction, Request, Response } from 'express';

// Express routes without regard to case: /API/v1/... reaches the same handlers.
const API_PATH = /^\/api\//i;
// The OpenAPI document and its UI files describe the API and hold no organization's data.
const API_DOCS_PATH = /^\/api\/(docs|openapi\.json)(\/|$)/i;

// API answers carry an organization's documents, users and keys: no browser or proxy may keep
// them (OWASP: Cache-Control: no-store on sensitive responses). A route whose answer is public
// and immutable (a published legal text) sets its own header, which replaces this one. With
// nothing stored, the ETag Express would compute per JSON answer (a SHA-1 of the body) buys
// nothing, so it is switched off (configureHttpApp); a route may still set an ETag of its own.
export function apiCachePolicyMiddleware(request: Request, response: Response, next: NextFunction) {
  if (API_PATH.test(request.path) && !API_DOCS_PATH.test(request.path)) response.setHeader('Cache-Control', 'no-store');
  next();
}
