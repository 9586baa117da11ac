import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledWorkerFile } from './compiled-worker-file.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('compiledWorkerFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'worker-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a compiled caller finds the entry beside it', () => {
    writeFileSync(join(dir, 'thing.entry.js'), '');
    const caller = pathToFileURL(join(dir, 'thing-thread.js')).href;
    expect(compiledWorkerFile(caller, 'thing.entry.js', 'HUB_THING=main')).toBe(
      join(dir, 'thing.entry.js'),
    );
  });

  test('a TypeScript caller is sent to the same folder under dist/', () => {
    const caller = pathToFileURL(join(root, 'libs/some/src/part/thing-thread.ts')).href;
    expect(() => compiledWorkerFile(caller, 'no-such.entry.js', 'HUB_THING=main')).toThrow(
      `worker script ${join(root, 'dist/libs/some/src/part/no-such.entry.js')} is missing`,
    );
  });

  test('a missing script is refused with what to do', () => {
    const caller = pathToFileURL(join(dir, 'thing-thread.js')).href;
    expect(() => compiledWorkerFile(caller, 'thing.entry.js', 'HUB_THING=main')).toThrow(
      /run "npm run build" \(or set HUB_THING=main\)/,
    );
  });
});
