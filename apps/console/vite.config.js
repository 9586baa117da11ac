// Builds the web console (apps/console) into dist/console, which the hub serves at `/`
// (apps/hub/src/console). No framework plugin: Vite's own transform (oxc) compiles TSX with
// React's automatic runtime. Every asset is bundled: the console works with no internet.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', 'dist', 'console');

/** Stamps the build, so scripts/ensure-built.js knows which sources it contains. */
const builtAt = {
  name: 'built-at',
  closeBundle() {
    writeFileSync(join(outDir, '.built-at'), `${new Date().toISOString()}\n`);
  },
};

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  plugins: [builtAt],
  // The one shared language (sensor kinds, ...): plain TypeScript that imports nothing.
  resolve: {
    alias: { '@hub/contracts': join(here, '..', '..', 'libs', 'contracts', 'src', 'index.ts') },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // The hub's CSP forbids inline scripts and styles: keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npx vite --config apps/console/vite.config.js` during development: the API is the hub's.
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:3000', ws: true },
      '/register/sensors': 'http://127.0.0.1:3000',
      '/console/config.json': 'http://127.0.0.1:3000',
    },
  },
});
