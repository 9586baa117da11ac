import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../../hub/src/hub.js';
import { removeDir, startTestHub, tempDataDir } from '../../hub/test/support/test-hub.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run hubctl -- <args>` exactly as the docs write it: npm, its banner, the launcher. */
function npmRunHubctl(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'hubctl', '--', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
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

describe('npm run hubctl: scriptable, no rebuild', () => {
  let dataDir: string;
  let hub: RunningHub;
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

  test('stdout of `npm run hubctl -- ... --json` is exactly one JSON document', async () => {
    const run = await npmRunHubctl(
      ['lab', 'create', '--id', 'npm-lab', '--municipality', 'delft', '--json'],
      env,
    );
    // The status alone would hide why; stderr says it when this fails.
    expect([run.status, run.stderr]).toEqual([0, run.stderr]);
    // npm's "> lamppost-hub@0.1.0 hubctl" banner must not be on stdout (.npmrc moves it).
    expect(JSON.parse(run.stdout)).toMatchObject({ lab: 'npm-lab', municipality: 'delft' });
    // dist/ is fresh, so the launcher does not build (and would say so on stderr only).
    expect(run.stderr).not.toContain('building');
  }, 180_000);

  test('a refused command exits non-zero, names the problem on stderr, stdout stays JSON', async () => {
    const args = ['lab', 'create', '--id', 'npm-twice', '--municipality', 'delft', '--json'];
    expect((await npmRunHubctl(args, env)).status).toBe(0);
    const run = await npmRunHubctl(args, env);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('lab "npm-twice" already exists');
    // In json mode npm adds its own {"error": ...} summary of the failed script to stdout: still
    // one JSON document, so a `| jq` pipeline sees JSON and the exit code tells it failed.
    expect(JSON.parse(run.stdout)).toHaveProperty('error');
  }, 120_000);
});
