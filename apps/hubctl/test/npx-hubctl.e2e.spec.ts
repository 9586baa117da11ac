import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { removeDir, startTestHub, tempDataDir } from '../../hub/test/support/test-hub.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args` in the project folder as a user's shell would, with the user's npm. */
function run(command: string, args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...harnessEnv.clean(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm itself plus hubctl on a busy machine; dist/ is fresh (jest's global setup built it).
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('hubctl from the project folder: scriptable, no rebuild', () => {
  let dataDir: string;
  let hub: Awaited<ReturnType<typeof startTestHub>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    env = { HUB_URL: `http://127.0.0.1:${hub.httpPort}`, HUB_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await hub?.close();
    if (dataDir) removeDir(dataDir);
  });

  test("stdout of `npx hubctl ... --json` is exactly hubctl's JSON document", async () => {
    const r = await run(
      'npx',
      ['hubctl', 'lab', 'create', '--id', 'npx-lab', '--municipality', 'delft', '--json'],
      env,
    );
    // The status alone would hide why; stderr says it when this fails.
    expect([r.status, r.stderr]).toEqual([0, r.stderr]);
    expect(JSON.parse(r.stdout)).toMatchObject({ lab: 'npx-lab', municipality: 'delft' });
    // dist/ is fresh, so the launcher does not build (and would say so on stderr only).
    expect(r.stderr).not.toContain('building');
  }, 180_000);

  test('a refused command exits non-zero, names the problem on stderr, prints nothing on stdout', async () => {
    const args = ['hubctl', 'lab', 'create', '--id', 'npx-twice', '--municipality', 'delft'];
    expect((await run('npx', [...args, '--json'], env)).status).toBe(0);
    const r = await run('npx', [...args, '--json'], env);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('lab "npx-twice" already exists');
    expect(r.stdout).toBe('');
  }, 120_000);

  test('`npm run hubctl -- ...` runs the same command (npm adds only its banner)', async () => {
    const r = await run(
      'npm',
      ['run', 'hubctl', '--', 'lab', 'create', '--id', 'npm-lab', '--municipality', 'delft'],
      env,
    );
    expect([r.status, r.stderr]).toEqual([0, r.stderr]);
    expect(r.stdout).toContain('> lamppost-hub@0.1.0 hubctl');
    expect(r.stdout).toContain('npm-lab');
  }, 120_000);
});
