import type { Response } from 'express';
import type { WebUiFiles } from './web-ui-files';

const NOT_BUILT = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>EDO.kz</title></head>
<body><h1>EDO.kz</h1><p>The web cabinet is not built in this checkout: run <code>npm run build:web</code>
(<code>npm start</code> does it). The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

// Answers a client-side route with the application's index.html (status as given, so an unknown
// document can still be a 404 while the page explains it), or a note when the UI is not built.
export function sendWebUiPage(response: Response, files: WebUiFiles, status: number, fallbackHtml?: string) {
  const html = files.indexHtml();
  response
    .status(status)
    .setHeader('Content-Type', 'text/html; charset=utf-8')
    .setHeader('Cache-Control', 'no-store')
    // Link and verification URLs carry secrets or ids: never leak them to other sites.
    .setHeader('Referrer-Policy', 'no-referrer')
    .setHeader('Content-Security-Policy', html ? files.contentSecurityPolicy : "default-src 'none'; style-src 'unsafe-inline'")
    .send(html ?? fallbackHtml ?? NOT_BUILT);
}
