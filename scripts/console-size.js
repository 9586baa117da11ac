// Prints the size of the web console's build (dist/console, `npm run build`): the entry chunk
// that every visit loads (`initialJsKiB`, gzipped, plus the stylesheet) and every lazy chunk.
// Usage: node scripts/console-size.js [--json]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './ensure-built.js';

const dir = join(ROOT, 'dist', 'console');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const entry = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
if (!entry) throw new Error('dist/console/index.html names no entry script: run npm run build');
const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const sizeOf = (file) => {
  const body = readFileSync(join(dir, file));
  return { file, kib: kib(body.length), gzipKiB: kib(gzipSync(body, { level: 9 }).length) };
};
const css = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"/g)].map(
  (m) => sizeOf(m[1]),
);
const chunks = readdirSync(join(dir, 'assets'))
  .filter((name) => name.endsWith('.js') && `assets/${name}` !== entry)
  .map((name) => sizeOf(`assets/${name}`))
  .sort((a, b) => b.gzipKiB - a.gzipKiB);
const initial = sizeOf(entry);
const report = { initialJsKiB: initial.gzipKiB, entry: initial, css, lazyChunks: chunks };
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  process.stdout.write(`initialJsKiB ${initial.gzipKiB} (gzip; ${initial.kib} KiB raw) ${entry}\n`);
  for (const c of css)
    process.stdout.write(`css          ${c.gzipKiB} (gzip; ${c.kib} KiB raw) ${c.file}\n`);
  for (const c of chunks)
    process.stdout.write(`lazy         ${c.gzipKiB} (gzip; ${c.kib} KiB raw) ${c.file}\n`);
}
