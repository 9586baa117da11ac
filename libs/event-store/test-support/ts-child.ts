import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Module hooks that let a plain `node` child process run TypeScript sources, so the crash tests
 * exercise the real adapter on a fresh clone without a build step. Relative `.js` specifiers in
 * .ts files resolve to the .ts file next to them (the NodeNext convention) and .ts files are
 * transpiled with the installed compiler (types dropped, no type check); `@hub/<lib>` resolves to
 * `libs/<lib>/src/index.ts`, as tsconfig.json's paths say. The hooks travel as a
 * `data:` URL so that no plain-JavaScript file has to live in the type-checked tree.
 */
const HOOKS = `
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from '__TYPESCRIPT__';
export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('@hub/')) {
    const lib = 'libs/' + specifier.slice(5) + '/src/index.ts';
    return { url: new URL(lib, '__ROOT__').href, shortCircuit: true };
  }
  const parent = context.parentURL;
  if (parent && parent.endsWith('.ts') && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const candidate = new URL(specifier.slice(0, -3) + '.ts', parent);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const out = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
`;

/** `node` arguments that make the next argument (a .ts file) runnable. */
export function tsNodeArgs(): string[] {
  const typescript = pathToFileURL(createRequire(import.meta.url).resolve('typescript')).href;
  const root = new URL('../../../', import.meta.url).href;
  const source = HOOKS.replace('__TYPESCRIPT__', typescript).replace('__ROOT__', root);
  const hooks = `data:text/javascript,${encodeURIComponent(source)}`;
  const registration = `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(registration)}`];
}

/** Starts `node <file.ts> ...args` with piped stdio. */
export function spawnTs(file: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...tsNodeArgs(), file, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Calls `onLine` for each complete line the child writes to stdout. */
export function onLines(
  child: ChildProcessWithoutNullStreams,
  onLine: (line: string) => void,
): void {
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}
