import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';

const PDFJS = path.dirname(require.resolve('pdfjs-dist/package.json'));

// The page that draws every page of /file.pdf with pdf.js (the library the cabinet's previews
// use), one under the other at 1.5×; it sets data-rendered on <body> when done (or data-error).
const PAGE = `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#888}canvas{display:block;margin:0 0 12px}</style>
<body><main id="pages"></main><script type="module">
import * as pdfjs from '/pdf.min.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.min.mjs';
try {
  const pdf = await pdfjs.getDocument({ url: '/file.pdf', isEvalSupported: false }).promise;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = document.createElement('canvas');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    document.getElementById('pages').append(canvas);
    await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  }
  document.body.dataset.rendered = String(pdf.numPages);
} catch (e) {
  document.body.dataset.error = String(e);
}
</script>`;

// A PDF's pages as one PNG, drawn in Chromium (no system tool such as pdftoppm needed): a PDF the
// tests produce (the document card) can then be looked at like the cabinet's pages. Returns the
// number of pages of the PDF.
export async function pdfToPng(browser: Browser, pdf: Buffer, pngPath: string): Promise<number> {
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
  const context = await browser.newContext({ viewport: { width: 900, height: 1300 } });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('body[data-rendered], body[data-error]', { timeout: 30_000 });
    const error = await page.locator('body').getAttribute('data-error');
    if (error) throw new Error(`pdf.js could not draw the PDF: ${error}`);
    await page.locator('#pages').screenshot({ path: pngPath });
    return Number(await page.locator('body').getAttribute('data-rendered'));
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
