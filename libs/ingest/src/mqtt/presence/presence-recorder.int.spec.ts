import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { openSqliteEventStore, type EventStore } from '@hub/event-store';
import { PresenceRecorder } from './presence-recorder.js';

const device = { lab: 'scheveningen', lamppost: 'lp-1', username: 'scheveningen.lp-1' };
const LIMITS = { burst: 4, refillMs: 200, closeGraceMs: 20 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PresenceRecorder against the SQLite log', () => {
  let dir: string;
  let store: EventStore;
  let errors: string[];
  let recorder: PresenceRecorder;

  const written = async (): Promise<string[]> => {
    await recorder.settled();
    return (await store.readStream('presence-scheveningen.lp-1').catch(() => [])).map(
      (e) => e.type,
    );
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'presence-'));
    store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    errors = [];
    recorder = new PresenceRecorder({
      store,
      node: 'node-a',
      logger: { error: (obj) => errors.push(JSON.stringify(obj)) },
      limits: LIMITS,
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('one connect and one close, the close after its grace', async () => {
    recorder.connected(device);
    await sleep(5);
    expect(await written()).toEqual(['DeviceConnected']);
    recorder.closed(device);
    await sleep(60);
    expect(await written()).toEqual(['DeviceConnected', 'DeviceConnectionClosed']);
    expect(errors).toEqual([]);
  });

  test('a takeover (new connection before the old one closes) writes nothing', async () => {
    recorder.connected(device);
    await sleep(5);
    recorder.connected(device);
    recorder.closed(device);
    await sleep(60);
    expect(await written()).toEqual(['DeviceConnected']);
  });

  test('a reconnect storm is bounded by the budget and ends in the true state', async () => {
    // 100 connect/close cycles, 10 ms apart (longer on a busy machine): 200 changes.
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      recorder.connected(device);
      await sleep(5);
      recorder.closed(device);
      await sleep(5);
    }
    recorder.connected(device); // it ends connected
    await sleep(LIMITS.refillMs * 2);
    const types = await written();
    // burst + one per refill over the storm and the wait after it, at most (time as measured)
    const elapsedRefills = Math.ceil((Date.now() - started) / LIMITS.refillMs);
    expect(types.length).toBeLessThanOrEqual(LIMITS.burst + elapsedRefills);
    expect(types.at(-1)).toBe('DeviceConnected');
  });

  test('start and stop write one NodeConnectionsClosed each, whatever the devices', async () => {
    await recorder.start();
    recorder.connected(device);
    recorder.connected({ ...device, lamppost: 'lp-2', username: 'scheveningen.lp-2' });
    await recorder.stop();
    recorder.closed(device); // after stop: the shutdown event said it all
    await sleep(60);
    const node = await store.readStream('node-node-a');
    expect(node.map((e) => (e.data as { cause: string }).cause)).toEqual(['startup', 'shutdown']);
    expect(await written()).toEqual(['DeviceConnected']);
  });
});
