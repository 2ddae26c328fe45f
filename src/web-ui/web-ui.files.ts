import { Injectable } from '@nestjs/common';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';

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
      `connect-src 'self' ${this.config.webUi.ncaLayerUrl}`,
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

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
