import { Global, Injectable, Module } from '@nestjs/common';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../../config/app-config';

// The built single-page application (npm run build:web → dist/public). Read from disk once and
// kept: the bundle does not change while the process runs.
@Injectable()
export class WebUiFiles {
  private index?: string | null;

  constructor(private readonly config: AppConfig) {}

  // Stricter than the API-wide policy (which lets the Swagger page run inline scripts): the
  // cabinet's scripts are its own files only. Styles may be inline (Mantine sets CSS variables).
  get contentSecurityPolicy(): string {
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      `connect-src 'self' ${this.config.webUi.ncaLayerUrl}${ncaLayerPage(this.config.webUi.ncaLayerUrl)}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  get dir(): string {
    return this.config.webUi.dir;
  }

  // null when the web UI has not been built (an API-only checkout, or a test run before the build).
  indexHtml(): string | null {
    if (this.index === undefined) {
      const file = path.join(this.dir, 'index.html');
      this.index = isFile(file) ? readFileSync(file, 'utf8') : null;
    }
    return this.index;
  }
}

// NCALayer's address as a page (wss://127.0.0.1:13579 → https://127.0.0.1:13579): after a failed
// connection the cabinet fetches it to tell "refused" from "unreachable" (web/src/ncalayer/client/
// connect-failure.ts); a fetch the CSP refused would look unreachable every time.
function ncaLayerPage(webSocketUrl: string): string {
  const match = /^(wss?):\/\/([^/?#]+)/i.exec(webSocketUrl);
  return match ? ` ${match[1].toLowerCase() === 'wss' ? 'https' : 'http'}://${match[2]}` : '';
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

// One reader per process for every route that answers with the cabinet's page (the cabinet's own
// routes in web-ui, the link and card pages in documents), so they all serve the same bundle.
@Global()
@Module({ providers: [WebUiFiles], exports: [WebUiFiles] })
export class WebUiFilesModule {}
