import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type EventStore } from '@hub/event-store';
import { HubMetrics } from '@hub/ops';
import {
  createKeyring,
  createPrivacyFilter,
  DEFAULT_RULE_SET_FILE,
  loadRuleSet,
  seededRandom,
} from '@hub/privacy';
import { READING_RECORDED, readingStreamId } from '@hub/contracts';
import { IngestService } from './ingest-service.js';
import { storeWith } from '../../../../tools/test/store-with.js';

const TOPIC = 'labs/scheveningen/lampposts/lp-001/temperature';
const STREAM = readingStreamId({ lab: 'scheveningen', lamppost: 'lp-001', kind: 'temperature' });
const NOW = Date.parse('2026-07-01T12:00:30Z');
const body = (seq: number, celsius: number) =>
  Buffer.from(JSON.stringify({ seq, observedAt: '2026-07-01T12:00:00.000Z', celsius }));

/**
 * A new message's ids are not looked up before its append where the store marks retries: the
 * store's own check, in the append's transaction, finds a stored id. A resend and a reused seq
 * are still told apart against the log after a restart (empty seq memory), on both paths.
 */
describe('IngestService: duplicates judged by the append', () => {
  let dir = '';
  let store: EventStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The real store, its look-ups counted; `marksRetries` as the adapter says, or forced off. */
  function setup(marksRetries?: false) {
    dir = mkdtempSync(join(tmpdir(), 'append-first-'));
    const real = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    store = real;
    const lookups = { count: 0 };
    const watched = storeWith(real, {
      ...(marksRetries === false ? { marksRetries: false } : {}),
      findEvent: (...args) => {
        lookups.count++;
        return real.findEvent(...args);
      },
    });
    /** A fresh ingest use case over the same log: what a restarted hub has (no seq memory). */
    const ingest = () =>
      new IngestService({
        store: watched,
        metrics: new HubMetrics(),
        filter: createPrivacyFilter({
          ruleSets: [loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'))],
          keyring: createKeyring(),
          clock: () => NOW,
          maxFutureSkewMs: 300_000,
          random: seededRandom(1),
        }),
        clock: () => NOW,
        limits: {
          maxPayloadBytes: 64 * 1024,
          maxReadingAgeMs: 86_400_000,
          maxClockSkewMs: 300_000,
        },
      });
    const readings = async () =>
      (await real.readStream(STREAM)).filter((e) => e.type === READING_RECORDED).length;
    return { ingest, lookups, readings };
  }

  test('the SQLite store marks retries: a new message is appended without a look-up first', async () => {
    const { ingest, lookups, readings } = setup();
    const hub = ingest();
    expect(await hub.ingest(TOPIC, body(1, 20))).toMatchObject({ status: 'stored' });
    expect(await hub.ingest(TOPIC, body(2, 21))).toMatchObject({ status: 'stored' });
    expect(lookups.count).toBe(0);

    const restarted = ingest();
    expect(await restarted.ingest(TOPIC, body(1, 20))).toEqual({ status: 'duplicate' });
    expect(lookups.count).toBe(1); // the stored events are read only for the retry
    expect(await restarted.ingest(TOPIC, body(2, 25))).toMatchObject({
      status: 'rejected',
      rejection: { code: 'DUPLICATE_CONFLICT' },
    });
    expect(await readings()).toBe(2);
  });

  test('a store that cannot mark retries has every new message looked up first, with the same verdicts', async () => {
    const { ingest, lookups, readings } = setup(false);
    const hub = ingest();
    expect(await hub.ingest(TOPIC, body(1, 20))).toMatchObject({ status: 'stored' });
    expect(lookups.count).toBe(1);

    const restarted = ingest();
    expect(await restarted.ingest(TOPIC, body(1, 20))).toEqual({ status: 'duplicate' });
    expect(await restarted.ingest(TOPIC, body(1, 25))).toMatchObject({
      status: 'rejected',
      rejection: { code: 'DUPLICATE_CONFLICT' },
    });
    expect(await readings()).toBe(1);
  });
});
