import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  FEED_ACCESSED,
  feedAccessStream,
  type AccessDirectory,
  type Agreement,
  type FeedAccessed,
} from '@hub/access';
import { openSqliteEventStore, type EventStore } from '@hub/event-store';
import { storeWith } from '../../../../tools/test/store-with.js';
import { AuditService } from './audit-service.js';
import type { FilterStatsRecorder } from './filter-stats-recorder.js';
import type { RuleLifecycle } from './rule-lifecycle.js';

const dir = mkdtempSync(join(tmpdir(), 'gov-recipients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agreement = (id: string): Agreement => ({
  id,
  lab: 'scheveningen',
  owner: 'den-haag',
  grantee: 'delft',
  kinds: ['sound'],
  purpose: 'noise policy',
  legalBasis: 'public task',
  until: '2099-01-01T00:00:00.000Z',
  level: 'readings',
  grantedAt: '2026-01-01T00:00:00.000Z',
  grantedBy: 'den-haag',
  grantedPosition: 1,
});

const access = (agreementId: string, i: number): FeedAccessed => ({
  agreementId,
  lab: 'scheveningen',
  kinds: ['sound'],
  level: 'readings',
  grantee: 'delft',
  tokenId: 't1',
  subject: 'delft-app',
  operation: 'query readings',
  at: new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString(),
});

/** The store, counting the events its stream reads hand out. */
function counting(store: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const spy = storeWith(store, {
    readStream: async (...args) => {
      const events = await store.readStream(...args);
      read += events.length;
      return events;
    },
  });
  return { store: spy, read: () => read };
}

describe("the audit's recipients", () => {
  test('count every access and name the last, reading two events per agreement', async () => {
    const store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    try {
      await check(store);
    } finally {
      await store.close();
    }
  }, 60_000);
});

async function check(store: EventStore): Promise<void> {
  const busy = agreement('a-busy');
  const trimmed = agreement('a-trimmed');
  const idle = agreement('a-idle');
  const many = 100_050;
  for (let from = 0; from < many; from += 1000) {
    const events = Array.from({ length: Math.min(1000, many - from) }, (_, k) => ({
      id: randomUUID(),
      type: FEED_ACCESSED,
      data: access(busy.id, from + k),
    }));
    await store.appendToStream(feedAccessStream(busy.id), events);
  }
  for (let i = 0; i < 30; i++) {
    await store.appendToStream(feedAccessStream(trimmed.id), [
      { id: randomUUID(), type: FEED_ACCESSED, data: access(trimmed.id, i) },
    ]);
  }
  // Retention keeps the newest 10: the audit counts what the log still holds.
  await store.setStreamMetadata(feedAccessStream(trimmed.id), { maxCount: 10 });

  const { store: spy, read } = counting(store);
  const directory = {
    state: { agreements: new Map([busy, trimmed, idle].map((a) => [a.id, a])) },
  } as unknown as AccessDirectory;
  const lifecycle = { historyOf: () => undefined } as unknown as RuleLifecycle;
  const audit = new AuditService(spy, lifecycle, {} as FilterStatsRecorder, directory);

  const got = await audit.recipients('scheveningen', Date.UTC(2026, 6, 1));
  const byId = new Map(got.map((r) => [r.agreementId, r]));
  expect(byId.get(busy.id)).toMatchObject({
    accesses: many,
    lastAccessAt: access(busy.id, many - 1).at,
  });
  expect(byId.get(trimmed.id)).toMatchObject({
    accesses: 10,
    lastAccessAt: access(trimmed.id, 29).at,
  });
  expect(byId.get(idle.id)).toMatchObject({ accesses: 0, lastAccessAt: null });
  // At most the first and the last event of each stream.
  expect(read()).toBeLessThanOrEqual(4);
}
