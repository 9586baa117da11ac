import { randomUUID } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { RecordedEvent } from './port/event.js';
import type { EventStore } from './port/event-store.port.js';
import { ImportOutOfOrderError } from './port/errors.js';
import type { VerbatimLog } from './port/verbatim-log.js';

type Store = EventStore & VerbatimLog;

const recorded = (
  position: number,
  streamId: string,
  revision: number,
  recordedAt: string,
): RecordedEvent => ({
  id: randomUUID(),
  streamId,
  revision,
  position,
  type: 'Imported',
  data: { position, text: 'é€😀', nested: { list: [1, 2.5, null] } },
  metadata: position % 2 === 0 ? { from: 'elsewhere' } : {},
  recordedAt,
});

/**
 * The verbatim import every adapter that owns its positions offers (`hubctl store copy` relies
 * on it): events come back exactly as imported, the log continues after them, and an import
 * that would not extend the log is refused whole with `IMPORT_OUT_OF_ORDER`.
 */
export function runVerbatimLogContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: verbatim import`, () => {
    test('keeps positions (gaps included), revisions and recorded times; appends continue after', async () => {
      const store = await open();
      try {
        const events = [
          recorded(3, 'a', 5, '2024-01-02T03:04:05.678Z'),
          recorded(4, 'b', 0, '2024-01-02T03:04:05.678Z'),
          recorded(9, 'a', 6, '2025-06-07T08:09:10.111Z'),
        ];
        await store.importRecorded(events);
        expect(await store.readAll()).toEqual(events);
        expect(await store.countEvents()).toBe(3);
        expect(await store.headPosition()).toBe(9);
        const next = await store.appendToStream(
          'a',
          [{ id: randomUUID(), type: 'Live', data: 1 }],
          {
            expectedRevision: 6,
          },
        );
        expect(next).toEqual({ nextExpectedRevision: 7, position: 10 });
        const seen: number[] = [];
        const controller = new AbortController();
        for await (const event of store.subscribeToAll({ signal: controller.signal })) {
          seen.push(event.position);
          if (seen.length === 4) controller.abort();
        }
        expect(seen).toEqual([3, 4, 9, 10]);
      } finally {
        await store.close();
      }
    }, 60_000);

    test('refuses a batch that would not extend the log, writing none of it', async () => {
      const store = await open();
      try {
        await store.importRecorded([recorded(5, 'a', 0, '2024-01-01T00:00:00.000Z')]);
        const stale = store.importRecorded([
          recorded(6, 'b', 0, '2024-01-01T00:00:00.000Z'),
          recorded(5, 'c', 0, '2024-01-01T00:00:00.000Z'),
        ]);
        await expect(stale).rejects.toBeInstanceOf(ImportOutOfOrderError);
        await expect(stale).rejects.toMatchObject({ code: 'IMPORT_OUT_OF_ORDER' });
        await expect(
          store.importRecorded([recorded(7, 'a', 0, '2024-01-01T00:00:00.000Z')]),
        ).rejects.toMatchObject({ code: 'IMPORT_OUT_OF_ORDER' });
        expect((await store.readAll()).map((e) => e.position)).toEqual([5]);
        expect(await store.headPosition()).toBe(5);
        // The refused batches left no trace: the next good one lands where they would have.
        await store.importRecorded([recorded(6, 'a', 1, '2024-01-01T00:00:01.000Z')]);
        expect((await store.readStream('a')).map((e) => e.revision)).toEqual([0, 1]);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}
