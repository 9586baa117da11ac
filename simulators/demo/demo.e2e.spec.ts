import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { removeDir, tempDataDir } from '../../apps/hub/test/support/test-hub.js';
import { harnessEnv } from '../../tools/processes/harness-env.js';

/** The built demo (`npm run demo` without the build), as a newcomer runs it. */
interface DemoRun {
  output(): string;
  /** Resolves once `pattern` matches the output; rejects after `ms`, saying what it waited for. */
  waitFor(pattern: RegExp, what: string, ms: number): Promise<RegExpMatchArray>;
  /** Ctrl-C, then the exit code. */
  stop(): Promise<number | null>;
}

function startDemo(env: Record<string, string>): DemoRun {
  const child: ChildProcess = spawn(process.execPath, ['dist/simulators/demo/main.js'], {
    env: { ...harnessEnv.clean(), HUB_BIND_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    output: () => output,
    waitFor: async (pattern, what, ms) => {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const match = pattern.exec(output);
        if (match) return match;
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`demo: no ${what} within ${ms} ms (exit ${child.exitCode}):\n${output}`);
    },
    stop: () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Holds a loopback port, as `npm start` on the default ports would. */
async function occupyPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

/** The cursors (`#123`) of the live reading lines printed so far. */
const liveCursors = (output: string): number[] =>
  [...output.matchAll(/^ {2}\d\d:\d\d:\d\d {2}#(\d+)\s/gm)].map((m) => Number(m[1]));

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
const ERROR_LOG = /"level":(50|60)/;

describe('npm run demo: the first hour of a newcomer', () => {
  let dataDir: string;
  let taken: Server[];
  let first: DemoRun | undefined;
  let second: DemoRun | undefined;

  beforeAll(async () => {
    dataDir = tempDataDir();
    taken = [await occupyPort(), await occupyPort()];
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    for (const server of taken) await new Promise((r) => server.close(r));
    removeDir(dataDir);
  });

  test('its ports taken, it says which variable to set, runs anyway and shows the privacy filter within a minute', async () => {
    const [mqtt, http] = taken.map(portOf);
    first = startDemo({
      HUB_DATA_DIR: dataDir,
      HUB_MQTT_PORT: String(mqtt),
      HUB_HTTP_PORT: String(http),
    });
    // Sound windows are 10 s, camera 20 s, radio 30 s in the demo rules; a busy machine is slow.
    await first.waitFor(/^ .*\bsound\s+LAeq=/m, 'sound level line', 120_000);
    await first.waitFor(/^ .*\bcamera\s+counts=/m, 'camera count line', 120_000);
    await first.waitFor(/^ .*\bradio\s+devices=/m, 'radio count line', 120_000);
    const out = first.output();
    expect(out).toContain(`port ${mqtt} (MQTT) is in use`);
    expect(out).toContain('set HUB_MQTT_PORT');
    expect(out).toContain(`port ${http} (HTTP) is in use`);
    expect(out).toContain('set HUB_HTTP_PORT');
    expect(out).not.toContain('EADDRINUSE');
    expect(out).toContain('A count shown as null was suppressed');

    // The token it hands out is a municipality token, and the admin token is named apart.
    const file = join(dataDir, 'demo', 'demo-credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const admin = readFileSync(join(dataDir, 'demo', 'admin-token'), 'utf8').trim();
    expect(creds.token).not.toBe(admin);
    expect(creds.adminTokenFile).toBe(join(dataDir, 'demo', 'admin-token'));
    const who = await fetch(creds.graphqlHttp, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.token}` },
      body: JSON.stringify({ query: '{ whatCanISee { role municipality } }' }),
    }).then((r) => r.json() as Promise<{ data?: unknown }>);
    expect(who.data).toEqual({ whatCanISee: { role: 'municipality', municipality: 'den-haag' } });

    // Its lampposts stand along the Scheveningen boulevard, on the municipality's map.
    const map = await fetch(creds.graphqlHttp, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.token}` },
      body: JSON.stringify({
        query: '{ lampposts(lab: "scheveningen") { id position { lat lon } } }',
      }),
    }).then(
      (r) =>
        r.json() as Promise<{
          data: { lampposts: { id: string; position: { lat: number; lon: number } | null }[] };
        }>,
    );
    expect(map.data.lampposts).toHaveLength(6);
    for (const { position } of map.data.lampposts) {
      expect(position?.lat).toBeGreaterThan(52.09);
      expect(position?.lat).toBeLessThan(52.12);
      expect(position?.lon).toBeGreaterThan(4.26);
      expect(position?.lon).toBeLessThan(4.3);
    }

    expect(await first.stop()).toBe(0);
    expect(first.output()).not.toMatch(STACK_LINE);
  }, 300_000);

  test('run again on the same data dir: same devices and passwords, no errors, only new readings', async () => {
    expect(first).toBeDefined();
    const devicesFile = join(dataDir, 'demo', 'demo-devices.json');
    const devicesBefore = readFileSync(devicesFile, 'utf8');
    expect(statSync(devicesFile).mode & 0o777).toBe(0o600);
    const oldCursors = liveCursors(first?.output() ?? '');
    expect(oldCursors.length).toBeGreaterThan(0);

    second = startDemo({ HUB_DATA_DIR: dataDir, HUB_MQTT_PORT: '0', HUB_HTTP_PORT: '0' });
    const history = await second.waitFor(
      /In the log already: (\d+) readings/,
      'history line',
      60_000,
    );
    expect(Number(history[1])).toBeGreaterThanOrEqual(oldCursors.length);
    await second.waitFor(/^ {2}\d\d:\d\d:\d\d {2}#\d+\s/m, 'first live reading', 120_000);
    expect(await second.stop()).toBe(0);

    const out = second.output();
    expect(out).toContain('6 kept from the last run');
    expect(readFileSync(devicesFile, 'utf8')).toBe(devicesBefore);
    expect(out).not.toMatch(STACK_LINE);
    expect(out).not.toMatch(ERROR_LOG);
    // Nothing from the first run is shown again as live.
    expect(Math.min(...liveCursors(out))).toBeGreaterThan(Math.max(...oldCursors));
  }, 300_000);
});
