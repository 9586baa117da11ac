import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { openSqliteEventStore, type EventStore } from '@hub/event-store';
import { waitUntil } from '../../../../../tools/test/wait-until.js';
import { PresenceRecorder } from './presence-recorder.js';
import { silentLogger } from '@hub/contracts';

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

  /** Waits until the device's presence stream is exactly `want` (it only ever grows). */
  const writtenBecomes = (want: string[]): Promise<boolean> =>
    waitUntil(async () => JSON.stringify(await written()) === JSON.stringify(want), {
      what: `the presence stream to read ${want.join(', ')}`,
    });

  /**
   * A timer of the close grace set now fires after every grace timer the recorder set before it
   * (Node runs equal-delay timers in the order they were set, however late); then the writes
   * those timers started settle. A marker, not a guess at how long the machine takes.
   */
  const graceTimersFired = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, LIMITS.closeGraceMs));
    await recorder.settled();
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'presence-'));
    store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    errors = [];
    recorder = new PresenceRecorder({
      store,
      node: 'node-a',
      logger: {
        ...silentLogger,
        error: (msg, fields) => errors.push(JSON.stringify({ msg, ...fields })),
      },
      limits: LIMITS,
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('one connect and one close, the close after its grace', async () => {
    recorder.connected(device);
    await writtenBecomes(['DeviceConnected']);
    recorder.closed(device);
    await writtenBecomes(['DeviceConnected', 'DeviceConnectionClosed']);
    expect(await written()).toEqual(['DeviceConnected', 'DeviceConnectionClosed']);
    expect(errors).toEqual([]);
  });

  test('a takeover (new connection before the old one closes) writes nothing', async () => {
    recorder.connected(device);
    await writtenBecomes(['DeviceConnected']);
    recorder.connected(device);
    recorder.closed(device);
    // A close the takeover wrongly counted would be written when its grace timer fires.
    await graceTimersFired();
    expect(await written()).toEqual(['DeviceConnected']);
    // And the last connection's close is still written, after its grace.
    recorder.closed(device);
    await writtenBecomes(['DeviceConnected', 'DeviceConnectionClosed']);
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
    // Over budget the last state is written at the next refill; every later write is this state.
    const types = await waitUntil(
      async () => {
        const now = await written();
        return now.at(-1) === 'DeviceConnected' ? now : undefined;
      },
      { what: 'the storm to end in DeviceConnected in the presence stream' },
    );
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
    // No later event can mark "the recorder looked at that close": a stopped recorder writes
    // nothing. So the marker is a timer (see graceTimersFired).
    await graceTimersFired();
    const node = await store.readStream('node-node-a');
    expect(node.map((e) => (e.data as { cause: string }).cause)).toEqual(['startup', 'shutdown']);
    expect(await written()).toEqual(['DeviceConnected']);
  });
});
