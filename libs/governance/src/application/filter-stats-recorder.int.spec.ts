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
    const first = new FilterStatsRecorder(store, () => stats(3, { pcm: 3 }));
    await first.load();
    expect(await first.record()).toBe(true);
    expect(await first.record()).toBe(false); // nothing changed: no event
    await store.close();

    store = openSqliteEventStore({ file });
    const second = new FilterStatsRecorder(store, () => stats(2, { pcm: 1, frame: 2 }));
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
});
