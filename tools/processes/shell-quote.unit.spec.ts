import { spawnSync } from 'node:child_process';
import { expect, test } from '@jest/globals';
import { shellQuote } from './shell-quote.js';

test('sh reads a quoted value back unchanged, quotes, spaces and $(...) included', () => {
  for (const value of ["/tmp/Jan's hub", "a'; rm -rf '/", '$(id) `id` "x" \\ *', '']) {
    const out = spawnSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' });
    expect(out.stdout).toBe(value);
  }
});
