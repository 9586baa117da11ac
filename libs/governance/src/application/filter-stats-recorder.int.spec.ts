import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { openSqliteEventStore } from '@hub/event-store';
import type { RuleStats } from '@hub/privacy';
import { FilterStatsRecorder } from './filter-stats-recorder.js';

const dir = mkdtempSync(join(tmpdir(), 'gov-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stats = (filtered: number, dropped: Record<string, number>): Record<string, RuleStats> => ({
  'scheveningen-default@1': {
    messagesFiltered: filtered,
    messagesRejected: { RAW_MEDIA_FORBIDDEN: 1 },
    fieldsDropped: dropped,
    readingsEmitted: filtered,
    lateMessages: 0,
    shortWindowsDiscarded: 0,
    countsSuppressed: 1,
  },
});

describe('filter statistics survive restarts', () => {
  test('each run adds its counts to the totals recorded by the runs before it', async () => {
    const file = join(dir, 'events.sqlite');
    let store = openSqliteEventStore({ file });
    const first = new FilterStatsRecorder(store, () => stats(3, { pcm: 3 }), 'hub');
    await first.load();
    expect(await first.record()).toBe(true);
    expect(await first.record()).toBe(false); // nothing changed: no event
    await store.close();

    store = openSqliteEventStore({ file });
    const second = new FilterStatsRecorder(store, () => stats(2, { pcm: 1, frame: 2 }), 'hub');
    await second.load();
    expect(second.totals()['scheveningen-default@1']).toEqual({
      messagesFiltered: 5,
      messagesRejected: { RAW_MEDIA_FORBIDDEN: 2 },
      fieldsDropped: { pcm: 4, frame: 2 },
      readingsEmitted: 5,
      lateMessages: 0,
      shortWindowsDiscarded: 0,
      countsSuppressed: 2,
    });
    await second.record();
    await store.close();
  });

  test('nodes on one log each continue their own totals, never those of another node', async () => {
    const file = join(dir, 'shared.sqlite');
    let store = openSqliteEventStore({ file });
    const a = new FilterStatsRecorder(store, () => stats(3, { pcm: 3 }), 'node-a');
    const b = new FilterStatsRecorder(store, () => stats(10, { frame: 10 }), 'node-b');
    await a.load();
    await b.load();
    await a.record();
    await b.record(); // the newest record in the log is node B's
    await store.close();

    store = openSqliteEventStore({ file });
    const a2 = new FilterStatsRecorder(store, () => stats(1, { pcm: 1 }), 'node-a');
    await a2.load();
    const totals = a2.totals()['scheveningen-default@1'];
    // Node A's earlier run (3) plus this run (1); before each node had its own lineage, A took
    // B's totals (10) as its base and its own 3 were lost.
    expect(totals.messagesFiltered).toBe(4);
    expect(totals.fieldsDropped).toEqual({ pcm: 4 });
    await store.close();
  });
});
