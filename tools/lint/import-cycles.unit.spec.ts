import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { importCycles, importGraph } from './import-graph.js';

const root = resolve(import.meta.dirname, '..', '..');
const srcDirs = (parent: string): string[] =>
  readdirSync(join(root, parent))
    .map((name) => join(parent, name, 'src'))
    .filter((dir) => {
      try {
        return readdirSync(join(root, dir)).length > 0;
      } catch {
        return false;
      }
    });

describe('import circles', () => {
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  test('no file of libs/*/src imports itself through others, types included', () => {
    const graph = importGraph(root, srcDirs('libs'));
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get('libs/ingest/src/mqtt/hub-broker.ts')).toContain(
      'libs/ingest/src/mqtt/listeners/mqtt-listeners.ts',
    );
    expect(importCycles(graph)).toEqual([]);
  });

  test('no file of apps/*/src imports itself through others, types included', () => {
    const dirs = srcDirs('apps');
    expect(dirs).toEqual(expect.arrayContaining(['apps/console/src', 'apps/hub/src']));
    const graph = importGraph(root, dirs);
    expect(graph.get('apps/hub/src/wiring/graphql-error-log.filter.ts')).toBeDefined();
    expect(importCycles(graph)).toEqual([]);
  });

  test('a circle of type-only imports, through an alias or an index, is found', () => {
    scratch = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    const file = (path: string, text: string) => {
      mkdirSync(join(scratch, path, '..'), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    file('libs/a/src/index.ts', "export type { B } from './b.js';\n");
    file('libs/a/src/b.ts', "import type { C } from '@hub/c';\nexport type B = C;\n");
    file(
      'libs/c/src/index.ts',
      "import type { B } from '../../a/src/index.js';\nexport type C = B | 1;\n",
    );
    file('libs/c/src/self.ts', "export { x } from './self.js';\nexport const y = 1;\n");
    file('libs/c/src/leaf.ts', "import { y } from './self.js';\nexport const z = y;\n");
    const graph = importGraph(scratch, ['libs/a/src', 'libs/c/src']);
    expect(importCycles(graph)).toEqual([
      ['libs/a/src/b.ts', 'libs/a/src/index.ts', 'libs/c/src/index.ts'],
      ['libs/c/src/self.ts'],
    ]);
  });
});
