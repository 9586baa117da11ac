import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithPrograms } from '../test/system-packages.js';
import { startHaproxyListening } from './haproxy.js';
import { freePort, PortTakenError, processListensOn, startOnFreePorts } from './ports.js';
import { findPostgresBinDir, postgresPrograms } from './postgres-programs.js';
import {
  initPostgresData,
  startPostgresOnFreePort,
  stopPostgresServer,
} from './postgres-server.js';
import { HAPROXY, POSTGRESQL } from './system-programs.js';

// A port is picked free, then the program binds it: another process may take it in between
// (two test runs on one machine did, in CI). Here a port held by this test stands for that
// process: `pick` hands it out first, as freePort would have just before it was taken.

let holder: Server;
let heldPort: number;
const dirs: string[] = [];

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  heldPort = (holder.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Hands out the held port first, then free ones; counts what it handed out. */
function pickTakenFirst(): { pick: () => Promise<number>; picked: number[] } {
  const picked: number[] = [];
  return {
    picked,
    pick: async () => {
      const port = picked.length === 0 ? heldPort : await freePort();
      picked.push(port);
      return port;
    },
  };
}

test('processListensOn names the process that holds the port, not any listener', async () => {
  expect(processListensOn(process.pid, heldPort)).toBe(true);
  expect(processListensOn(process.pid, await freePort())).toBe(false);
  // pid 1 is not this test.
  expect(processListensOn(1, heldPort)).toBe(false);
});

test('startOnFreePorts starts again on new ports after PortTakenError, and only then', async () => {
  let tries = 0;
  const started = await startOnFreePorts(async (pick) => {
    tries++;
    const port = await pick();
    if (tries < 3) throw new PortTakenError(port);
    return port;
  });
  expect(tries).toBe(3);
  expect(started).toBeGreaterThan(0);

  tries = 0;
  await expect(
    startOnFreePorts(() => {
      tries++;
      return Promise.reject(new Error('config error'));
    }),
  ).rejects.toThrow('config error');
  expect(tries).toBe(1);

  tries = 0;
  await expect(
    startOnFreePorts(
      () => {
        tries++;
        return Promise.reject(new PortTakenError(1));
      },
      { attempts: 2 },
    ),
  ).rejects.toBeInstanceOf(PortTakenError);
  expect(tries).toBe(2);
});

describeWithPrograms('HAProxy on a port taken between pick and bind', [HAPROXY])('HAProxy', () => {
  test('starts on another port, and listens there itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'port-taken-haproxy-'));
    dirs.push(dir);
    const { pick, picked } = pickTakenFirst();
    const errors: unknown[] = [];
    const haproxy = await startOnFreePorts(
      async (pickPort) => {
        const port = await pickPort();
        const config = join(dir, 'haproxy.cfg');
        writeFileSync(
          config,
          [
            'defaults',
            '  mode tcp',
            '  timeout connect 1s',
            '  timeout client 5s',
            '  timeout server 5s',
            'frontend front',
            `  bind 127.0.0.1:${port}`,
            '  default_backend none',
            'backend none',
            '',
          ].join('\n'),
        );
        try {
          return { port, process: await startHaproxyListening(config, [port]) };
        } catch (error) {
          errors.push(error);
          throw error;
        }
      },
      { pick },
    );
    try {
      expect(picked[0]).toBe(heldPort);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(PortTakenError);
      expect((errors[0] as PortTakenError).port).toBe(heldPort);
      expect(haproxy.port).not.toBe(heldPort);
      expect(processListensOn(haproxy.process.pid, haproxy.port)).toBe(true);
    } finally {
      await haproxy.process.stop();
    }
  }, 60_000);
});

describeWithPrograms('PostgreSQL on a port taken between pick and bind', [POSTGRESQL])(
  'PostgreSQL',
  () => {
    test('starts on another port', async () => {
      const bin = findPostgresBinDir();
      if (!bin) throw new Error('no PostgreSQL programs');
      const programs = postgresPrograms(bin);
      const dir = mkdtempSync(join(tmpdir(), 'port-taken-pg-'));
      dirs.push(dir);
      programs.giveToServerUser(dir);
      const data = join(dir, 'data');
      initPostgresData(programs, data, { user: 'hub', sync: false });
      const { pick, picked } = pickTakenFirst();
      const port = await startPostgresOnFreePort(
        programs,
        data,
        { logFile: join(dir, 'log'), socketDir: dir, settings: ['fsync=off'] },
        pick,
      );
      try {
        expect(picked).toEqual([heldPort, port]);
        expect(port).not.toBe(heldPort);
      } finally {
        stopPostgresServer(programs, data, 'fast');
      }
    }, 120_000);
  },
);
