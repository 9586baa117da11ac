import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import type { HubLogger } from '@hub/contracts';
import { OWNER_AUDIENCES } from '../application/reading-view.js';
import { hourlyAggregatesProjection } from './hourly-aggregates.projection.js';
import { QueryThread } from './query-thread.js';
import { openReadModelDb } from './read-model-db.js';
import type { PageRequest } from './readings-query.js';
import { readingsProjection } from './readings.projection.js';
import { storeReading } from './readings-table.js';

// The worker runs the compiled entry from dist/ (built by the tests' global setup).
const dir = mkdtempSync(join(tmpdir(), 'hub-query-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logger: HubLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('one reader cannot take every place of the query worker; past all of them, everyone is refused', async () => {
  const file = join(dir, 'read-models.sqlite');
  const db = openReadModelDb(file);
  readingsProjection.setup(db);
  hourlyAggregatesProjection.setup(db);
  for (let position = 1; position <= 30; position++) {
    storeReading(db, position, {
      lab: 'lab',
      lamppost: 'lp-1',
      kind: 'temperature',
      observedAt: new Date(Date.UTC(2026, 11, 3, 9, 0, position)).toISOString(),
      values: { celsius: 1 },
      audience: 'owner',
      rule: { id: 'r', version: 1, hash: 'h' },
      transforms: [],
      intervalSeconds: 60,
    });
  }
  db.close();
  // 16 places; a reader may hold 2.
  const thread = new QueryThread({
    readModelsFile: file,
    historyScanLimit: 100,
    maxPending: 16,
    logger,
  });
  thread.start();
  const request: PageRequest = { direction: 'backwards', cursor: undefined, limit: 5 };
  const read = (reader: string) =>
    thread.readings(reader, {}, { everyLab: OWNER_AUDIENCES }, request).then(
      (page) => ({ ok: page.views.map((v) => v.position) }),
      (error: { reason?: string }) => ({ refused: error.reason }),
    );
  try {
    // All sent in one turn of the event loop, before the worker can answer any of them.
    const greedy = [read('a'), read('a'), read('a'), read('a')];
    const others = Array.from({ length: 14 }, (_, i) => read(`b${i}`));
    const late = read('c');
    const outcomes = await Promise.all([...greedy, ...others, late]);
    const page = { ok: [26, 27, 28, 29, 30] };
    expect(outcomes.slice(0, 4)).toEqual([
      page,
      page,
      { refused: 'TOKEN_QUERIES_BUSY' },
      { refused: 'TOKEN_QUERIES_BUSY' },
    ]);
    expect(outcomes.slice(4, 18)).toEqual(Array.from({ length: 14 }, () => page));
    expect(outcomes[18]).toEqual({ refused: 'QUERIES_BUSY' });
    // Once answered, the places are free again, the reader's too.
    expect(thread.inFlight).toBe(0);
    expect(await read('a')).toEqual(page);
  } finally {
    await thread.stop();
  }
});
