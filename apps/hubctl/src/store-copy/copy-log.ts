import { isVerbatimLog, type EventStore, type RecordedEvent } from '@hub/event-store';
import { LogDigest, type CopyMode } from './log-digest.js';
import { StoreCopyError } from './store-copy-errors.js';

export interface CopyProgress {
  /** Events in the target now (kept from an earlier run plus copied by this one). */
  readonly done: number;
  /** Events in the source when the copy started (its head position if it cannot count). */
  readonly total: number;
  readonly copiedThisRun: number;
  readonly eventsPerSec: number;
}

export interface CopyLogOptions {
  readonly source: EventStore;
  readonly target: EventStore;
  /** Events read and written per transaction: the memory bound. */
  readonly batchSize: number;
  /** Copy at most this many events in this run (the rest is left for the next run). */
  readonly limit?: number;
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Sees every source event of the copied range once, in order (e.g. to note rule chains). */
  readonly onSourceEvent?: (event: RecordedEvent) => void;
}

export interface CopyLogResult {
  readonly mode: CopyMode;
  /** Events the target already held, found to be the source's first events. */
  readonly kept: number;
  readonly copied: number;
  /** Events in the target at the end, and the hash of all of them, read back from the target. */
  readonly events: number;
  readonly targetHash: string;
  /** The same hash over the source's first `events` events. */
  readonly sourceHash: string;
  /** False when `limit` stopped the run before the source's end. */
  readonly complete: boolean;
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
}

/**
 * Copies the source's log onto the end of the target's, batch by batch. Resumable: the target
 * must already be a prefix of the source (same events, same order: checked by hash), and the
 * copy continues after it; each batch is one transaction (verbatim) or one append per stream run
 * (EventStoreDB, whose idempotent ids make a retried run harmless). Verified at the end by
 * reading the whole target back and comparing its count and hash with the source's.
 */
export async function copyLog(options: CopyLogOptions): Promise<CopyLogResult> {
  const { source, target, batchSize } = options;
  const started = performance.now();
  const mode: CopyMode = isVerbatimLog(target) ? 'verbatim' : 'append';
  const total = isVerbatimLog(source) ? await source.countEvents() : await source.headPosition();

  // 1. What the target holds, and whether it is the source's beginning.
  const before = await digestAll(target, mode, batchSize);
  const sourceDigest = new LogDigest(mode);
  let cursor = 0;
  while (sourceDigest.count < before.count) {
    const page = await source.readAll({
      after: cursor,
      maxCount: Math.min(batchSize, before.count - sourceDigest.count),
    });
    if (page.length === 0) break;
    for (const event of page) {
      sourceDigest.add(event);
      options.onSourceEvent?.(event);
    }
    cursor = page[page.length - 1].position;
  }
  if (sourceDigest.count < before.count || sourceDigest.hex() !== before.hex()) {
    throw new StoreCopyError(
      'TARGET_NOT_PREFIX',
      sourceDigest.count < before.count
        ? `the target holds ${before.count} events, the source only ${sourceDigest.count}: it is not a copy of this source; use an empty target`
        : `the target's ${before.count} events are not the source's first ${before.count} (hashes differ): it is not a copy of this source; use an empty target`,
    );
  }

  // 2. The rest, batch by batch.
  const runStarted = performance.now();
  let copied = 0;
  let complete = false;
  const report = () =>
    options.onProgress?.({
      done: before.count + copied,
      total,
      copiedThisRun: copied,
      eventsPerSec: copied / Math.max((performance.now() - runStarted) / 1000, 1e-3),
    });
  report();
  for (;;) {
    const room = options.limit === undefined ? batchSize : options.limit - copied;
    if (room <= 0) break;
    const page = await source.readAll({ after: cursor, maxCount: Math.min(batchSize, room) });
    if (page.length === 0) {
      complete = true;
      break;
    }
    await write(target, page);
    for (const event of page) {
      sourceDigest.add(event);
      options.onSourceEvent?.(event);
    }
    cursor = page[page.length - 1].position;
    copied += page.length;
    report();
  }

  // 3. Read the target back: same count, same hash as what was read from the source.
  const after = await digestAll(target, mode, batchSize);
  if (after.count !== sourceDigest.count || after.hex() !== sourceDigest.hex()) {
    throw new StoreCopyError(
      'COPY_MISMATCH',
      `after the copy the target holds ${after.count} events hashing to ${after.hex()}, the source's first ${sourceDigest.count} hash to ${sourceDigest.hex()}`,
    );
  }
  const elapsedMs = performance.now() - started;
  return {
    mode,
    kept: before.count,
    copied,
    events: after.count,
    targetHash: after.hex(),
    sourceHash: sourceDigest.hex(),
    complete,
    elapsedMs,
    eventsPerSec: copied / Math.max((performance.now() - runStarted) / 1000, 1e-3),
  };
}

async function digestAll(store: EventStore, mode: CopyMode, batchSize: number) {
  const digest = new LogDigest(mode);
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: batchSize });
    for (const event of page) digest.add(event);
    if (page.length < batchSize) return digest;
    after = page[page.length - 1].position;
  }
}

/** One batch: verbatim in one transaction, or one append per run of events of one stream. */
async function write(target: EventStore, page: readonly RecordedEvent[]): Promise<void> {
  if (isVerbatimLog(target)) {
    await target.importRecorded(page);
    return;
  }
  let start = 0;
  while (start < page.length) {
    let end = start + 1;
    while (end < page.length && page[end].streamId === page[start].streamId) end++;
    const run = page.slice(start, end);
    const first = run[0].revision;
    await target.appendToStream(
      run[0].streamId,
      run.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
      // The source's revisions, kept: a stream that does not line up is refused, not renumbered.
      { expectedRevision: first === 0 ? 'no_stream' : first - 1 },
    );
    start = end;
  }
}
