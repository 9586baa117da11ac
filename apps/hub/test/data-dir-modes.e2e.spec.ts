import { chmodSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { startChildHub, type ChildHub } from '../../../tools/processes/child-hub.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { runToExit } from './support/run-to-exit.js';
import { removeDir, tempDataDir } from './support/test-hub.js';

/** A hub boots in a few seconds; a machine busy with other test runs may need far longer. */
const READY_TIMEOUT_MS = 60_000;

/** Every entry under `dir` (the dir itself included) with its permission bits, e.g. `0600`. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string, name: string) => {
    const stat = lstatSync(path);
    out[name] = '0' + (stat.mode & 0o777).toString(8);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry), `${name}/${entry}`);
    }
  };
  visit(dir, '.');
  return out;
}

/** What a private data dir looks like: folders 0700, files 0600, nothing else. */
function expectPrivate(dir: string) {
  const found = modes(dir);
  for (const [name, mode] of Object.entries(found)) {
    const isDir = lstatSync(join(dir, name)).isDirectory();
    expect(`${name} ${mode}`).toBe(`${name} ${isDir ? '0700' : '0600'}`);
  }
  return Object.keys(found);
}

/** Boots a hub and makes it write: a device is provisioned and one reading stored (-wal, -shm). */
async function bootAndWrite(dataDir: string): Promise<ChildHub> {
  const hub = await startChildHub({ HUB_DATA_DIR: dataDir }, READY_TIMEOUT_MS);
  const device = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-modes');
  const client = await connectDevice(hub.mqttPort, device);
  try {
    const payload = JSON.stringify({ seq: 1, observedAt: new Date().toISOString(), celsius: 18 });
    await client.publishAsync(`${device.topicPrefix}temperature`, payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
  return hub;
}

describe('the data dir is private at rest (issue 11, finding 7)', () => {
  const dirs: string[] = [];
  const hubs: ChildHub[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((h) => h.kill('SIGKILL')));
    dirs.splice(0).forEach(removeDir);
  });

  test('a data dir the hub creates is 0700 and every file in it 0600, SQLite -wal and -shm included', async () => {
    const parent = tempDataDir();
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const hub = await bootAndWrite(dataDir);
    hubs.push(hub);
    const names = expectPrivate(dataDir);
    for (const file of ['events.sqlite-wal', 'events.sqlite-shm', 'admin-token', 'metrics-token']) {
      expect(names).toContain(`./${file}`);
    }
    expect((await fetch(`http://127.0.0.1:${hub.httpPort}/health/live`)).status).toBe(200);
  }, 150_000);

  test('a data dir left 0755 with 0644 files (an older hub, a cp -r) is tightened, with a warning naming each', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'admin-token'), 'an-admin-token-from-an-older-hub-0123456789\n', {
      mode: 0o644,
    });
    mkdirSync(join(dataDir, 'keys'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'keys', 'old.key'), 'k', { mode: 0o644 });
    // Modes set explicitly: an in-process hub of an earlier test in this worker has set the
    // process umask to 077, which would turn the modes asked for above into 0600/0700.
    chmodSync(join(dataDir, 'admin-token'), 0o644);
    chmodSync(join(dataDir, 'keys'), 0o755);
    chmodSync(join(dataDir, 'keys', 'old.key'), 0o644);
    const hub = await bootAndWrite(dataDir);
    hubs.push(hub);
    expectPrivate(dataDir);
    const warning = hub
      .output()
      .split('\n')
      .find((l) => l.includes('DATA_DIR_MODES_TIGHTENED'));
    expect(warning).toBeDefined();
    for (const name of [dataDir, join(dataDir, 'admin-token'), join(dataDir, 'keys', 'old.key')]) {
      expect(warning).toContain(JSON.stringify(name));
    }
  }, 150_000);

  test('a symlink in the data dir (its mode cannot be made private) stops boot with a clear reason', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    symlinkSync('/etc/hostname', join(dataDir, 'read-models.sqlite'));
    const exit = await runToExit(
      'dist/apps/hub/src/main.js',
      [],
      { HUB_DATA_DIR: dataDir, HUB_BIND_HOST: '127.0.0.1', HUB_MQTT_PORT: '0', HUB_HTTP_PORT: '0' },
      20_000,
    );
    expect(exit.timedOut).toBe(false);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('DATA_DIR_NOT_PRIVATE');
    expect(exit.stderr).toContain(join(dataDir, 'read-models.sqlite'));
  }, 180_000);
});
