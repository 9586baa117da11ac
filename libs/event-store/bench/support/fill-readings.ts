import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import {
  READING_RECORDED,
  RULE_VERSION_STAMP_TYPES,
  RuleVersionBook,
  decodeReading,
  encodeReading,
  readingStreamId,
  type ReadingRecorded,
  type RuleVersionStamped,
} from '@hub/contracts';
import { resolveRuleVersion, type RuleSet } from '@hub/privacy';
import { readingEventId } from '../../../ingest/src/domain/event-ids.js';
import { openSqliteEventStore, type NewEvent } from '../../src/index.js';

const PER_APPEND = 100;
const IN_FLIGHT = 64;

/**
 * Appends `count` temperature readings to the log at `file`, each a copy of the last real reading
 * of one lamppost (written by the hub's own ingest path) with the next seq, its times moved on by
 * one second per seq, and the id the ingest path gives it (`readingEventId`). Round robin over the
 * lampposts, `PER_APPEND` readings of one stream per append, many appends in flight (group commit).
 */
export async function appendReadings(
  file: string,
  count: number,
): Promise<{ lastPosition: number }> {
  const store = openSqliteEventStore({ file });
  try {
    // The copies are stored in the form the hub stores them (compact when the rule version is in
    // the governance log: decision 0013).
    const rules = new RuleVersionBook();
    for (const e of await store.readAll({ eventTypes: RULE_VERSION_STAMP_TYPES })) {
      const v = e.data as RuleVersionStamped;
      rules.record(v.lab, resolveRuleVersion(v.content as RuleSet, v.hash));
    }
    const last = new Map<string, ReadingRecorded>();
    for (const e of await store.readAll({ eventTypes: [READING_RECORDED] })) {
      last.set(e.streamId, decodeReading(e, rules));
    }
    const templates = [...last.values()].filter((r) => r.seq !== undefined);
    if (templates.length === 0) throw new Error('no real reading with a seq to copy');
    const batches: { stream: string; events: NewEvent[] }[] = [];
    let made = 0;
    for (let round = 1; made < count; round++) {
      for (const t of templates) {
        if (made >= count) break;
        const n = Math.min(PER_APPEND, count - made);
        const events: NewEvent[] = [];
        for (let k = 0; k < n; k++) {
          const step = (round - 1) * PER_APPEND + k + 1;
          const seq = (t.seq ?? 0) + step;
          const shift = (iso: string): string =>
            new Date(Date.parse(iso) + step * 1000).toISOString();
          const data: ReadingRecorded = {
            ...t,
            seq,
            observedAt: shift(t.observedAt),
            receivedAt: shift(t.receivedAt),
          };
          events.push({
            id: readingEventId({ ...data, seq }),
            type: READING_RECORDED,
            data: encodeReading(data, rules),
          });
        }
        batches.push({ stream: readingStreamId(t), events });
        made += n;
      }
    }
    let next = 0;
    let lastPosition = 0;
    const t0 = performance.now();
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const i = next++;
        const { stream, events } = batches[i];
        const r = await store.appendToStream(stream, events);
        lastPosition = Math.max(lastPosition, r.position);
        if (i > 0 && i % 1000 === 0) {
          const s = (performance.now() - t0) / 1000;
          process.stdout.write(`  ${i * PER_APPEND} readings appended (${s.toFixed(0)} s)\n`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return { lastPosition };
  } finally {
    await store.close();
  }
}

/**
 * Waits until the projections that handle readings have checkpointed `position` (read from the
 * read-models file the running hub writes).
 */
export async function waitForProjections(
  readModels: string,
  position: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const db = new BetterSqlite3(readModels, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare('SELECT name, position FROM projection_checkpoints ORDER BY name')
        .all() as { name: string; position: number }[];
      const behind = rows.filter((r) => r.position < position);
      const now = rows.map((r) => `${r.name}@${r.position}`).join(' ');
      // Projections of other types may stop short of the last reading: caught up when the
      // reading projections are at it and nothing moved since the last look.
      if (rows.some((r) => r.position >= position) && now === last) return;
      if (behind.length > 0 && now !== last) process.stdout.write(`  projections: ${now}\n`);
      last = now;
    } finally {
      db.close();
    }
    await sleep(2000);
  }
  throw new Error(`projections did not reach position ${position} in time`);
}
