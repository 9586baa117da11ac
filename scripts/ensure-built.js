// Builds dist/ only when it is missing or older than a source file, so a command that runs the
// compiled code (hubctl) starts at once when nothing changed. Build notes go to stderr only:
// stdout belongs to the command (hubctl --json prints one JSON document there).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['apps', 'libs', 'simulators', 'tools'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
/**
 * Written after each build this script runs. Not tsc's .tsbuildinfo: an incremental tsc that
 * finds nothing to do leaves that file untouched, so its time says nothing about freshness.
 */
const BUILD_STAMP = join(ROOT, 'dist', '.built-at');
/** The web console (apps/console) is built by Vite into dist/console, with its own stamp. */
const CONSOLE_DIR = join(ROOT, 'apps', 'console');
const CONSOLE_STAMP = join(ROOT, 'dist', 'console', '.built-at');
const CONSOLE_SOURCE = /\.(ts|tsx|css|html|js|json|svg|png)$/;

const mtimeOrZero = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

function newestSource() {
  let newest = Math.max(...CONFIG_FILES.map((f) => mtimeOrZero(join(ROOT, f))));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // Test folders and spec files are not part of the build (tsconfig.build.json excludes them).
      if (entry.isDirectory()) {
        // The console's sources have their own build (newestConsoleSource).
        if (path === CONSOLE_DIR) continue;
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        newest = Math.max(newest, mtimeOrZero(path));
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(ROOT, dir));
  return newest;
}

function newestConsoleSource() {
  let newest = mtimeOrZero(join(ROOT, 'package-lock.json'));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(path);
      } else if (CONSOLE_SOURCE.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
        newest = Math.max(newest, mtimeOrZero(path));
      }
    }
  };
  walk(CONSOLE_DIR);
  return newest;
}

const consoleBuilt = () => {
  const built = mtimeOrZero(CONSOLE_STAMP);
  return built > 0 && built >= newestConsoleSource();
};

/** Each entry (relative to the repository) exists and no source is newer than the last build. */
export function isBuilt(...entries) {
  // The entries' own times do not count: tsc leaves unchanged outputs untouched.
  if (entries.some((entry) => mtimeOrZero(join(ROOT, entry)) === 0)) return false;
  const built = mtimeOrZero(BUILD_STAMP);
  return built > 0 && built >= newestSource() && consoleBuilt();
}

export function ensureBuilt(...entries) {
  if (isBuilt(...entries)) return;
  const run = (bin, args, env = process.env) =>
    // stdout of the compilers goes to our stderr (fd 2), never to our stdout.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 2, 2],
    });
  const hubBuilt =
    entries.every((entry) => mtimeOrZero(join(ROOT, entry)) > 0) &&
    mtimeOrZero(BUILD_STAMP) >= newestSource();
  if (!hubBuilt) {
    process.stderr.write('building (dist/ is missing or older than the sources)...\n');
    try {
      run('typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
    } catch {
      // Type errors do not stop tsc's emit; `npm run check` reports them.
      process.stderr.write('tsc reported type errors (see npm run check); using what it emitted\n');
    }
    run('tsc-alias/dist/bin/index.js', ['-p', 'tsconfig.build.json']);
    writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  }
  if (!consoleBuilt()) {
    // Vite only bundles (no type check, which `npm run build` and `npm run check` do): a type
    // error in one view does not hide the behaviour tests of the others.
    process.stderr.write('building the web console (dist/console is missing or older)...\n');
    // Jest sets NODE_ENV=test, and Vite would then bundle React's development build.
    run(
      'vite/bin/vite.js',
      ['build', '--config', 'apps/console/vite.config.js', '--logLevel', 'warn'],
      {
        ...process.env,
        NODE_ENV: 'production',
      },
    );
    writeFileSync(CONSOLE_STAMP, `${new Date().toISOString()}\n`);
  }
}
