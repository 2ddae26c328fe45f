import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

const PDFJS = path.dirname(require.resolve('pdfjs-dist/package.json'));

// The page that draws page 1 of /file.pdf with pdf.js (the library the cabinet's previews use),
// at 2× for a legible picture; it sets data-rendered on <body> when done (or data-error).
const PAGE = `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#888}canvas{display:block}</style>
<body><canvas id="page"></canvas><script type="module">
import * as pdfjs from '/pdf.min.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.min.mjs';
try {
  const pdf = await pdfjs.getDocument({ url: '/file.pdf', isEvalSupported: false }).promise;
  const page = await pdf.getPage(1);
  const viewport = page.getViewport({ scale: 2 });
  const canvas = document.getElementById('page');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  document.body.dataset.rendered = String(pdf.numPages);
} catch (e) {
  document.body.dataset.error = String(e);
}
</script>`;

// Page 1 of a PDF as a PNG, drawn in Chromium (no system tool such as pdftoppm needed): a PDF the
// tests produce (the document card) can then be looked at like the cabinet's pages. Returns the
// number of pages of the PDF.
export async function pdfFirstPageToPng(browser: Browser, pdf: Buffer, pngPath: string): Promise<number> {
  const files: Record<string, { type: string; body: Buffer | string }> = {
    '/': { type: 'text/html; charset=utf-8', body: PAGE },
    '/pdf.min.mjs': { type: 'text/javascript', body: readFileSync(path.join(PDFJS, 'build/pdf.min.mjs')) },
    '/pdf.worker.min.mjs': { type: 'text/javascript', body: readFileSync(path.join(PDFJS, 'build/pdf.worker.min.mjs')) },
    '/file.pdf': { type: 'application/pdf', body: pdf },
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const context = await browser.newContext({ viewport: { width: 1200, height: 1700 } });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('body[data-rendered], body[data-error]', { timeout: 30_000 });
    const error = await page.locator('body').getAttribute('data-error');
    if (error) throw new Error(`pdf.js could not draw the PDF: ${error}`);
    await page.locator('#page').screenshot({ path: pngPath });
    return Number(await page.locator('body').getAttribute('data-rendered'));
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
