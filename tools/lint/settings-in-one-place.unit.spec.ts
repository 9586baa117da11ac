import { expect, test } from '@jest/globals';
import { projectRule } from './project-rule.js';

// Settings are read in one place (docs/architecture.md, "Import rules"): the rule of
// eslint.config.js that refuses `process.env` elsewhere, run through ESLint on one-line files.
async function settingsLinter() {
  const { lint, blocks } = await projectRule('no-restricted-properties');
  expect(blocks).toBeGreaterThan(0);
  return lint;
}

test('process.env is read by libs/config and the harness switches only', async () => {
  const lint = await settingsLinter();
  const read = 'export const port = process.env.HUB_HTTP_PORT;\n';
  const destructured =
    'const { HUB_HTTP_PORT } = process.env;\nexport const port = HUB_HTTP_PORT;\n';
  for (const file of [
    'libs/ingest/src/mqtt/a.ts',
    'libs/feeds/bench/a.ts',
    'apps/hub/src/a.ts',
    'apps/hub/test/support/a.ts',
    'tools/cluster/a.ts',
    'simulators/demo/a.e2e.spec.ts',
  ]) {
    expect(lint(file, read)).toEqual([expect.stringContaining('read settings in one place')]);
    expect(lint(file, destructured)).toHaveLength(1);
  }
  expect(lint('libs/config/src/a.ts', read)).toEqual([]);
  expect(lint('tools/processes/harness-env.ts', read)).toEqual([]);
});
