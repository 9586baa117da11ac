import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '@hub/event-store';
import { HubMetrics } from '@hub/ops';
import {
  createKeyring,
  createPrivacyFilter,
  DEFAULT_RULE_SET_FILE,
  loadRuleSet,
  seededRandom,
  type PrivacyFilter,
} from '@hub/privacy';
import { silentLogger } from '@hub/contracts';
import { IngestService } from './ingest-service.js';
import { storeWith } from '../../../../tools/test/store-with.js';
import { StoreFailure } from './store-failure.js';

const TOPIC = 'labs/scheveningen/lampposts/lp-001/temperature';
const NOW = Date.parse('2026-07-01T12:00:30Z');
const body = (seq: number) =>
  Buffer.from(JSON.stringify({ seq, observedAt: '2026-07-01T12:00:00.000Z', celsius: 20 }));

/**
 * The last resort: an exception nobody foresaw while admitting a message becomes a recorded
 * INTERNAL_ERROR refusal (acknowledged), logged with the device; only a store failure withholds
 * the acknowledgement. Faults are injected into the real filter and the real SQLite store.
 */
describe('IngestService: unexpected failures', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function setup(faults: { filter?: boolean; store?: boolean }) {
    dir = mkdtempSync(join(tmpdir(), 'ingest-last-resort-'));
    const store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    const filter = createPrivacyFilter({
      ruleSets: [loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'))],
      keyring: createKeyring(),
      clock: () => NOW,
      maxFutureSkewMs: 300_000,
      random: seededRandom(1),
    });
    const faulty: PrivacyFilter = {
      ...filter,
      processAsync: (device, kind, payload) => {
        if (faults.filter) throw new RangeError('Maximum call stack size exceeded');
        return filter.processAsync(device, kind, payload);
      },
    };
    const failing = storeWith(store, {
      appendToStream: (...args) =>
        faults.store ? Promise.reject(new Error('disk I/O error')) : store.appendToStream(...args),
    });
    const logged: { obj: object; msg: string }[] = [];
    const ingest = new IngestService({
      store: failing,
      metrics: new HubMetrics(),
      filter: faulty,
      clock: () => NOW,
      logger: { ...silentLogger, error: (msg, obj = {}) => logged.push({ obj, msg }) },
      limits: { maxPayloadBytes: 512 * 1024, maxReadingAgeMs: 86_400_000, maxClockSkewMs: 300_000 },
    });
    return { store, ingest, logged };
  }

  test('an exception in the filter is a recorded INTERNAL_ERROR refusal, logged with the device', async () => {
    const { store, ingest, logged } = setup({ filter: true });
    const result = await ingest.ingest(TOPIC, body(1));
    expect(result).toMatchObject({
      status: 'rejected',
      reply: true,
      rejection: { code: 'INTERNAL_ERROR' },
    });
    const events = await store.readAll();
    expect(events.map((e) => e.type)).toEqual(['MessageRejected']);
    expect(events[0].data).toMatchObject({ code: 'INTERNAL_ERROR', lamppost: 'lp-001' });
    expect(logged).toHaveLength(1);
    expect(logged[0].obj).toMatchObject({ device: 'scheveningen/lp-001' });
    expect(JSON.stringify(logged[0].obj)).toContain('RangeError');
    await store.close();
  });

  test('a store failure is not turned into a refusal: it withholds the acknowledgement', async () => {
    const { store, ingest, logged } = setup({ store: true });
    await expect(ingest.ingest(TOPIC, body(1))).rejects.toBeInstanceOf(StoreFailure);
    expect(logged).toHaveLength(0);
    await store.close();
  });
});
