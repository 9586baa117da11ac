import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { DEVICE_PROVISIONED, LAB_CREATED, LAMPPOST_DECOMMISSIONED } from '@hub/contracts';
import {
  LogFollower,
  openSqliteEventStore,
  type EventStore,
  type SqliteEventStore,
} from '@hub/event-store';
import type { RuleLifecycle } from './rule-lifecycle.js';
import { SensorRegister } from './sensor-register.js';
import { storeWith } from '../../../../tools/test/store-with.js';

let dir: string;
let store: SqliteEventStore;
let follower: LogFollower;
let register: SensorRegister | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hub-sensor-register-'));
  store = openSqliteEventStore({ file: join(dir, 'events.sqlite'), groupCommitWindowMs: 1 });
  follower = new LogFollower({ store });
  follower.start();
});

afterEach(async () => {
  register?.stop();
  register = undefined;
  await follower.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const provision = (lab: string, lamppost: string) =>
  store.appendToStream(`device-${lab}.${lamppost}`, [
    { id: randomUUID(), type: DEVICE_PROVISIONED, data: { lab, lamppost } },
  ]);

/** The store as the register sees it, recording the log reads it makes itself. */
function recording(inner: EventStore): { store: EventStore; reads: unknown[][] } {
  const reads: unknown[][] = [];
  const store = storeWith(inner, {
    readAll: (...args) => {
      reads.push(['readAll', ...args]);
      return inner.readAll(...args);
    },
    readStream: (...args) => {
      reads.push(['readStream', ...args]);
      return inner.readStream(...args);
    },
    subscribeToAll: (...args) => {
      reads.push(['subscribeToAll', ...args]);
      return inner.subscribeToAll(...args);
    },
  });
  return { store, reads };
}

test('the register is fed by the one log follower: a read sees every earlier write and pages through no log itself', async () => {
  await store.appendToStream('lab-lab-a', [
    { id: randomUUID(), type: LAB_CREATED, data: { lab: 'lab-a', municipality: 'm' } },
  ]);
  await provision('lab-a', 'lp-1');
  const seen = recording(store);
  // The lamppost lists need no rule lifecycle (only the public sensor list does).
  register = new SensorRegister(seen.store, follower, {} as RuleLifecycle);
  await register.start();
  const loadReads = seen.reads.length;
  expect(await register.lamppostsOf('lab-a')).toEqual(['lp-1']);

  // Written by another writer of the log (another node, the registry): seen by the next read.
  for (let i = 2; i <= 30; i++) await provision('lab-a', `lp-${i}`);
  await store.appendToStream('device-lab-a.lp-1', [
    { id: randomUUID(), type: LAMPPOST_DECOMMISSIONED, data: { lab: 'lab-a', lamppost: 'lp-1' } },
  ]);
  const lampposts = await register.lamppostsOf('lab-a');
  expect(lampposts).toHaveLength(29);
  expect(lampposts).not.toContain('lp-1');
  expect(await register.entriesOf('lab-a')).toEqual([]);
  // Before, every read re-read the log from its own cursor, page by page: a second copy of the
  // follower's loop. Now a read asks the log only for the newest event of the register's types.
  const newest = [
    'readAll',
    { direction: 'backwards', maxCount: 1, eventTypes: expect.any(Array) },
  ];
  expect(seen.reads.slice(loadReads)).toEqual([newest, newest, newest]);
});
