import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web cabinet: built into dist/public and served by the Nest app (src/web-ui). In development
// `npx vite --config web/vite.config.mts` serves it with the API proxied to the service on :3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  resolve: {
    // The one file outside web/src the cabinet bundles: the service's pure formatting module, so the
    // cabinet, the e-mails and the card PDF write amounts, dates and sizes alike (issue 20). Only
    // this exact file: web/src/boundary.spec.ts and ESLint refuse any other import of the server.
    alias: { '@edo/locale-format': fileURLToPath(new URL('../src/contracts/locale-format.ts', import.meta.url)) },
  },
  build: {
    outDir: '../dist/public',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 2048,
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // Mantine marks its modules "use client" for React Server Components; a browser bundle has none.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
