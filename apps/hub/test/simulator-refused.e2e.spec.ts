import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { provisionDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import { harnessEnv } from '../../../tools/processes/harness-env.js';

/** `npm run simulate -- <args>` without the build: the compiled simulator as its own process. */
function simulate(args: readonly string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/simulators/scheveningen/main.js', ...args], {
      env: { ...harnessEnv.clean() },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A 2 s run plus connecting and settling, on a busy machine.
      timeout: 60_000,
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, output }));
  });
}

describe('the simulator refused by the hub says how to fix it', () => {
  let dataDir: string;
  let hub: RunningHub;
  /** A short run of `lampposts` lampposts against the test hub. */
  let args: (lampposts: number) => string[];

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    args = (lampposts) => [
      '--broker',
      `mqtt://127.0.0.1:${hub.mqttPort}`,
      '--lampposts',
      String(lampposts),
      '--duration',
      '2s',
      '--no-progress',
    ];
  });
  afterAll(async () => {
    await hub?.close();
    if (dataDir) removeDir(dataDir);
  });

  test('without credentials: names --credentials, exits 1', async () => {
    const run = await simulate(args(2));
    expect(run.output).toContain('Not authorized');
    expect(run.output).toContain('without credentials');
    expect(run.output).toContain('--credentials <file>');
    expect(run.status).toBe(1);
  }, 180_000);

  test('with a wrong password: names the account and --credentials', async () => {
    const device = await provisionDevice(hub, dataDir, 'scheveningen', 'sch-001');
    const file = join(dataDir, 'wrong-credentials.json');
    writeFileSync(
      file,
      JSON.stringify({ 'sch-001': { username: device.username, password: 'not-the-password' } }),
    );
    const run = await simulate([...args(1), '--credentials', file]);
    expect(run.output).toContain(`the credentials of ${device.username}`);
    expect(run.output).toContain('--credentials <file>');
    expect(run.status).toBe(1);
  }, 180_000);
});
