import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's build (`npm run build` → dist/console), loaded once at boot. */
export interface ConsoleAssets {
  /** index.html, or undefined when the console was not built. */
  readonly indexHtml?: Buffer;
  /** `assets/<name>` files by name (Vite writes them flat, with content hashes in the names). */
  readonly files: ReadonlyMap<string, { readonly body: Buffer; readonly type: string }>;
  readonly dir: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** The repository root: the nearest folder above this file with a package.json (src or dist). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('console: no package.json above the hub');
    dir = up;
  }
  return dir;
}

export const consoleBuildDir = (): string => join(repositoryRoot(), 'dist', 'console');

/**
 * Reads the whole build into memory (a few hundred KiB): serving from a map of known names
 * leaves no path to traverse, and a rebuild while the hub runs cannot serve half a file.
 */
export function loadConsoleAssets(dir = consoleBuildDir()): ConsoleAssets {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return { files: new Map(), dir };
  const files = new Map<string, { body: Buffer; type: string }>();
  const assets = join(dir, 'assets');
  if (existsSync(assets)) {
    for (const name of readdirSync(assets)) {
      const path = join(assets, name);
      if (!statSync(path).isFile()) continue;
      files.set(name, {
        body: readFileSync(path),
        type: TYPES[extname(name)] ?? 'application/octet-stream',
      });
    }
  }
  return { indexHtml: readFileSync(index), files, dir };
}
