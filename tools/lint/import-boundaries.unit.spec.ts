import { describe, expect, test } from '@jest/globals';
import { projectRule, type LintAt } from './project-rule.js';

// The import rules between contexts (docs/architecture.md, "Import rules"), run through ESLint
// itself: the boundary blocks of eslint.config.js on a one-line file at a given path.
async function boundaryLinter(): Promise<LintAt> {
  return (await projectRule('no-restricted-imports')).lint;
}

const importOf = (what: string): string => `import { x } from '${what}';\nexport const y = x;\n`;

describe('import boundaries (eslint.config.js)', () => {
  test('feeds, access, governance and registry may not import ingest, by alias or path', async () => {
    const lint = await boundaryLinter();
    for (const lib of ['feeds', 'access', 'governance', 'registry']) {
      const file = `libs/${lib}/src/application/a.ts`;
      expect(lint(file, importOf('@hub/ingest'))).toEqual([
        expect.stringContaining('only the hub wires ingest to other contexts'),
      ]);
      expect(lint(file, importOf('../../../ingest/src/mqtt/hub-broker.js'))).toHaveLength(1);
      expect(lint(file, importOf('@hub/contracts'))).toEqual([]);
    }
  });

  test('contracts imports only its own files', async () => {
    const lint = await boundaryLinter();
    const file = 'libs/contracts/src/ports/a.ts';
    expect(lint(file, importOf('@nestjs/common'))).toEqual([
      expect.stringContaining('libs/contracts imports no package, framework or other lib'),
    ]);
    expect(lint(file, importOf('@hub/event-store'))).toHaveLength(1);
    expect(lint('libs/contracts/src/a.ts', importOf('../../ingest/src/index.js'))).toEqual([
      expect.stringContaining('libs/contracts imports only its own files'),
    ]);
    expect(lint(file, importOf('../sensor-kind.js'))).toEqual([]);
  });

  test('privacy imports no framework and no lib but contracts', async () => {
    const lint = await boundaryLinter();
    const file = 'libs/privacy/src/filter/a.ts';
    expect(lint(file, importOf('@nestjs/common'))).toHaveLength(1);
    expect(lint(file, importOf('aedes'))).toHaveLength(1);
    expect(lint(file, importOf('@hub/config'))).toEqual([
      expect.stringContaining('only @hub/contracts'),
    ]);
    expect(lint(file, importOf('@hub/contracts'))).toEqual([]);
  });

  test('no lib imports apps/ or simulators/; specs may use the simulators as test data', async () => {
    const lint = await boundaryLinter();
    for (const lib of ['ingest', 'event-store', 'config', 'ops', 'governance', 'privacy']) {
      const file = `libs/${lib}/src/application/a.ts`;
      expect(lint(file, importOf('../../../../apps/hub/src/hub.js'))).toEqual([
        expect.stringContaining('a library does not import an app'),
      ]);
      expect(lint(file, importOf('../../../../simulators/scheveningen/lab.js'))).toEqual([
        expect.stringContaining('a library does not import the simulators'),
      ]);
    }
    const spec = 'libs/governance/src/application/a.unit.spec.ts';
    expect(lint(spec, importOf('../../../../simulators/scheveningen/lab.js'))).toEqual([]);
    expect(lint(spec, importOf('../../../../apps/hub/src/hub.js'))).toHaveLength(1);
  });

  test('hubctl does not import apps/hub; its tests may start a hub with its test support', async () => {
    const lint = await boundaryLinter();
    expect(lint('apps/hubctl/src/commands/a.ts', importOf('../../../hub/src/hub.js'))).toEqual([
      expect.stringContaining('hubctl does not import apps/hub'),
    ]);
    expect(lint('apps/hubctl/test/a.e2e.spec.ts', importOf('../../hub/src/hub.js'))).toHaveLength(
      1,
    );
    expect(
      lint('apps/hubctl/test/a.e2e.spec.ts', importOf('../../hub/test/support/test-hub.js')),
    ).toEqual([]);
  });

  test('the console imports no hub lib but contracts', async () => {
    const lint = await boundaryLinter();
    const file = 'apps/console/src/views/a.tsx';
    expect(lint(file, importOf('@hub/feeds'))).toHaveLength(1);
    expect(lint(file, importOf('node:fs'))).toHaveLength(1);
    expect(lint(file, importOf('@hub/contracts'))).toEqual([]);
  });
});
