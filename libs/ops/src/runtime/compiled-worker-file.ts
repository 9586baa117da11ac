import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file is libs/ops/src/runtime/ in the sources and under dist/. */
const here = dirname(fileURLToPath(import.meta.url));
const fromTypeScript = import.meta.url.endsWith('.ts');
const root = resolve(here, fromTypeScript ? '../../../..' : '../../../../..');

/**
 * The compiled script of a worker thread whose entry sits beside `moduleUrl` (pass the caller's
 * `import.meta.url`). A worker thread cannot load TypeScript, so the entry is always the built
 * file in dist/: beside the caller when the hub runs from dist/, and at the same place under dist/
 * when the caller is TypeScript (the tests run the hub in-process under ts-jest; their global
 * setup builds dist/ first). A missing script is refused with what to do: build, or `fallback`
 * (the setting that keeps the work on the main thread).
 */
export function compiledWorkerFile(moduleUrl: string, entry: string, fallback: string): string {
  const callerDir = dirname(fileURLToPath(moduleUrl));
  const file = moduleUrl.endsWith('.ts')
    ? join(root, 'dist', relative(root, callerDir), entry)
    : join(callerDir, entry);
  if (!existsSync(file)) {
    throw new Error(`worker script ${file} is missing: run "npm run build" (or set ${fallback})`);
  }
  return file;
}
