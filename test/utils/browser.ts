import { AddressInfo, createServer } from 'node:net';
import PDFDocument from 'pdfkit';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { EXAMPLE_CONFIG_FILE, readEmulatorConfig } from '../../src/ncalayer/emulator/emulator-config';
import { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';
import { testPki } from './signature-test-app';

const REPO = path.resolve(__dirname, '../..');

// Debian's chromium (apt-get install chromium); CHROMIUM_PATH overrides.
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  return candidates.find((p) => existsSync(p));
}

// Browser tests need Chromium; without it they are skipped on a developer's machine and fail in
// CI (TEST_REQUIRE_EXTERNAL=1), where .ci/run installs it.
export const describeWithBrowser = chromiumPath() || process.env.TEST_REQUIRE_EXTERNAL === '1' ? describe : describe.skip;

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium not found: apt-get install chromium (or set CHROMIUM_PATH)');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

// Builds the web cabinet from the current sources into a fresh folder (what the test serves),
// so a stale dist/ can never stand in for the code under test.
export function buildWebUi(): string {
  const outDir = mkdtempSync(path.join(tmpdir(), 'edo-web-'));
  execFileSync(
    process.execPath,
    [
      path.join(REPO, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      path.join(REPO, 'web/vite.config.mts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: REPO,
      stdio: 'inherit',
    },
  );
  return outDir;
}

// An NCALayer emulator holding only the given test-PKI keys: whoever's browser is routed to it
// "owns" those keys, as a person owns the key files NCALayer opens.
export async function startEmulator(keys: string[]): Promise<{ url: string; emulator: NcaLayerEmulator }> {
  const base = readEmulatorConfig(EXAMPLE_CONFIG_FILE);
  const config = { ...base, testPkiDir: path.join(REPO, 'certs/test-pki'), storages: { PKCS12: keys } };
  const emulator = new NcaLayerEmulator({ pki: testPki(), config, port: 0 });
  const { url } = await emulator.start();
  return { url, emulator };
}

// The page talks to NCALayer at the configured address; the test forwards that WebSocket to the
// emulator of whoever the browser context stands for (`target()` is read at each connection).
export async function routeNcaLayer(context: BrowserContext, ncaLayerUrl: string, target: () => string | null): Promise<void> {
  await context.routeWebSocket(ncaLayerUrl, (route) => {
    const url = target();
    if (!url) {
      route.close({ code: 1006 });
      return;
    }
    const upstream = new WebSocket(url);
    const pending: string[] = [];
    upstream.on('open', () => {
      for (const message of pending.splice(0)) upstream.send(message);
    });
    upstream.on('message', (data) => route.send(data.toString()));
    upstream.on('close', () => route.close());
    upstream.on('error', () => route.close({ code: 1011 }));
    route.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('utf8');
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
    route.onClose(() => upstream.close());
  });
}

// What browser-side callbacks (page.evaluate) touch; this file compiles without the DOM library.
export interface BrowserGlobals {
  localStorage: { setItem(key: string, value: string): void };
  document: { documentElement: { lang: string } };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

// axe-core in the page (WCAG 2 A/AA rules); serious and critical findings are returned.
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the cabinet's CSP (rightly) refuses inline scripts.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run((globalThis as unknown as BrowserGlobals).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const SCREENSHOT_DIR = path.join(REPO, 'artifacts/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

// A local port free at the moment of asking, for a test app the browser reaches over HTTP.
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// A one-page PDF: the title, then a line of body text (the document card's font has every
// Kazakh and Russian letter).
export function samplePdf(title: string, body = 'Шарт жасалды. Договор заключён. Әә ҒғҚқ Ңң Өө Ұұ Үү Һһ Іі.'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')).fontSize(18).text(title);
    if (body) doc.fontSize(12).text(body);
    doc.end();
  });
}
