// How the API process serves the web cabinet: client routes answer its index.html (no caching),
// hashed assets are static under /assets only, and without a build a note says how to make one.
// The cabinet itself is tested in a browser (web-cabinet.e2e-spec.ts).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createTestApp, TestApp } from '../utils/test-app';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc.js"></script></body></html>';

describe('web cabinet serving', () => {
  describe('with a build', () => {
    let test: TestApp;
    beforeAll(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'edo-web-build-'));
      mkdirSync(path.join(dir, 'assets'));
      writeFileSync(path.join(dir, 'index.html'), INDEX);
      writeFileSync(path.join(dir, 'assets/index-abc.js'), 'console.log("cabinet")');
      test = await createTestApp({ WEB_UI_DIR: dir, NCALAYER_URL: 'wss://127.0.0.1:13579' });
    });
    afterAll(() => test.close());

    it.each(['/app', '/app/documents/inbox', '/app/document/x/y', '/login', '/register', '/verify', '/l/some-token'])(
      '%s answers the index page, never cached',
      async (route) => {
        const page = await test.http.get(route).expect(200);
        expect(page.text).toBe(INDEX);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.headers['cache-control']).toBe('no-store');
        expect(page.headers['referrer-policy']).toBe('no-referrer');
      },
    );

    it('sends the /documents/<id> links of notification mails sent before they pointed into the cabinet to the document page', async () => {
      const id = '7d9f3c1e-2b4a-4c6d-8e0f-1a2b3c4d5e6f';
      await test.http.get(`/documents/${id}`).expect(301).expect('Location', `/app/document/${id}`);
    });

    it('redirects / to the cabinet and keeps the API answering JSON', async () => {
      await test.http.get('/').expect(302).expect('Location', '/app');
      const missing = await test.http.get('/api/v1/no-such-route').expect(404);
      expect(missing.body.error.code).toBe('ROUTE_NOT_FOUND');
    });

    it('serves hashed assets for good, and nothing outside /assets', async () => {
      const asset = await test.http.get('/assets/index-abc.js').expect(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      await test.http.get('/index.html').expect(404);
      await test.http.get('/assets/../index.html').expect(404);
    });

    it('a document card QR address of an unknown document is the page with a 404', async () => {
      const page = await test.http.get('/verify/d/00000000-0000-4000-8000-000000000000').expect(404);
      expect(page.text).toBe(INDEX);
    });

    it('lets pages reach NCALayer and the pdf.js worker, and nothing else', async () => {
      const page = await test.http.get('/app').expect(200);
      const csp = String(page.headers['content-security-policy']);
      // …and NCALayer's https:// page, fetched to tell "refused" from "unreachable" after a failure.
      expect(csp).toContain("connect-src 'self' wss://127.0.0.1:13579 https://127.0.0.1:13579;");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).toContain("default-src 'self'");
      // Only the bundle's own scripts: no inline script can run on a cabinet page.
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).toContain("frame-ancestors 'none'");
    });

    it('tells the cabinet the NCALayer address, limits and the card’s words for the verifier’s findings', async () => {
      const config = (await test.http.get('/api/v1/ui-config').expect(200)).body;
      expect(config).toMatchObject({ ncaLayerUrl: 'wss://127.0.0.1:13579', locales: ['kk', 'ru', 'en'] });
      expect(config.maxUploadBytes).toBeGreaterThan(0);
      for (const locale of ['kk', 'ru', 'en']) {
        expect(config.words[locale].subIndication.HASH_FAILURE).toEqual(expect.any(String));
        expect(config.words[locale].kzRole.CEO).toEqual(expect.any(String));
      }
    });
  });

  describe('without a build', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp();
    });
    afterAll(() => test.close());

    it('says how to build the cabinet, and the link page still explains the link', async () => {
      expect((await test.http.get('/app').expect(200)).text).toContain('npm run build:web');
      expect((await test.http.get('/l/some-token').expect(200)).text).toContain('Документ для подписи');
    });
  });
});
