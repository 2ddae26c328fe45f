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
