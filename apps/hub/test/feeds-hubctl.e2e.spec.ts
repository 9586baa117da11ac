import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp } from './support/clients.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { createLab } from './feeds-fixtures.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

const run = promisify(execFile);
/**
 * Each test runs a few hubctl processes (the built CLI, about 1-3 s each on a busy machine)
 * against the test hub: a generous bound for that, not Jest's 30 s default.
 */
const HUBCTL_TESTS_MS = 120_000;

describe('hubctl token and sharing commands against a running hub', () => {
  let dataDir: string;
  let hub: RunningHub;

  /** Runs hubctl with --json against the test hub; rejects (with stderr) on a non-zero exit. */
  const runHubctl = (...args: string[]) =>
    run('node', ['dist/apps/hubctl/src/main.js', ...args, '--json'], {
      env: {
        ...harnessEnv.inherited(),
        HUB_URL: `http://127.0.0.1:${hub.httpPort}`,
        HUB_DATA_DIR: dataDir,
      },
      // One hubctl call; killed (and the test fails saying so) if it hangs.
      timeout: 60_000,
    });
  const hubctl = async (...args: string[]): Promise<Record<string, unknown>> =>
    JSON.parse((await runHubctl(...args)).stdout) as Record<string, unknown>;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    await createLab(hub, adminToken(dataDir), 'westland-lab', 'westland');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test(
    'token create gives a working token; token revoke ends it',
    async () => {
      const created = await hubctl(
        'token',
        'create',
        '--role',
        'municipality',
        '--municipality',
        'delft',
      );
      expect(typeof created.token).toBe('string');
      const ok = await graphqlHttp(
        hub.httpPort,
        created.token as string,
        '{ whatCanISee { municipality } }',
      );
      expect(ok.body.data).toEqual({ whatCanISee: { municipality: 'delft' } });
      await hubctl('token', 'revoke', '--id', created.id as string);
      expect(
        (await graphqlHttp(hub.httpPort, created.token as string, '{ whatCanISee { role } }'))
          .status,
      ).toBe(401);
    },
    HUBCTL_TESTS_MS,
  );

  test(
    'a privacy-officer token needs --holder; the holder is listed with the issuer',
    async () => {
      await expect(
        runHubctl('token', 'create', '--role', 'privacy-officer', '--municipality', 'delft'),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('(--holder <person>)') });
      const created = await hubctl(
        'token',
        'create',
        '--role',
        'privacy-officer',
        '--municipality',
        'delft',
        '--holder',
        'fg@delft.example',
      );
      expect(created).toMatchObject({ role: 'privacy-officer', holder: 'fg@delft.example' });
      const listed = (await hubctl('token', 'list')) as unknown as Record<string, unknown>[];
      expect(listed.find((t) => t.id === created.id)).toMatchObject({
        holder: 'fg@delft.example',
        issuedBy: 'admin',
      });
    },
    HUBCTL_TESTS_MS,
  );

  test(
    'sharing grant and revoke',
    async () => {
      const delft = (
        await hubctl('token', 'create', '--role', 'municipality', '--municipality', 'delft')
      ).token as string;
      const granted = await hubctl(
        'sharing',
        'grant',
        '--lab',
        'westland-lab',
        '--to',
        'delft',
        '--kinds',
        'temperature,air',
        '--purpose',
        'heat stress study',
        '--until',
        '2999-12-31',
        '--level',
        'aggregates',
      );
      expect(granted).toMatchObject({
        lab: 'westland-lab',
        grantee: 'delft',
        level: 'aggregates',
        status: 'active',
      });
      const seen = await graphqlHttp<{ whatCanISee: { aggregatesOnly: { lab: string }[] } }>(
        hub.httpPort,
        delft,
        '{ whatCanISee { aggregatesOnly { lab } } }',
      );
      expect(seen.body.data?.whatCanISee.aggregatesOnly).toEqual([{ lab: 'westland-lab' }]);
      const revoked = await hubctl('sharing', 'revoke', '--id', granted.id as string);
      expect(revoked).toEqual({ id: granted.id, status: 'revoked' });
      await expect(
        runHubctl(
          'sharing',
          'grant',
          '--lab',
          'westland-lab',
          '--to',
          'delft',
          '--kinds',
          'temperature',
          '--purpose',
          'x',
          '--until',
          'tomorrow',
        ),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('until must be an ISO date') });
    },
    HUBCTL_TESTS_MS,
  );
});
