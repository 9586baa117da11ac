import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
import { IngestService } from './ingest-service.js';
import { storeWith } from '../../../../tools/test/store-with.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TOPIC = 'labs/scheveningen/lampposts/lp-001/sound';
/** 1 s of 32 kHz s16le noise-like PCM, as base64 in the JSON payload. */
const chunk = (seq: number, observedAt: string) => {
  const samples = Int16Array.from({ length: 32_000 }, (_, i) => ((i * 7919) % 6001) - 3000);
  const pcm = Buffer.from(samples.buffer).toString('base64');
  return Buffer.from(
    JSON.stringify({ seq, observedAt, sampleRate: 32_000, pcm, calibrationDbfsAt94: -26 }),
  );
};

describe('IngestService: raw audio lifetime', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the parsed payload (raw audio) is collectable while its facts wait for the append', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-lifetime-'));
    const store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
    // The real store, its appends held at a gate so one stays pending while we look.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated = storeWith(store, {
      appendToStream: async (...args) => {
        await gate;
        return store.appendToStream(...args);
      },
    });
    let now = Date.parse('2026-07-01T12:00:30Z');
    const filter = createPrivacyFilter({
      ruleSets: [loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'))],
      keyring: createKeyring(),
      clock: () => now,
      maxFutureSkewMs: 300_000,
      random: seededRandom(1),
    });
    // The real filter, watched: a weak handle on every payload it is given.
    const seen: WeakRef<object>[] = [];
    const watched: PrivacyFilter = {
      ...filter,
      processAsync: (device, kind, payload) => {
        seen.push(new WeakRef(payload as object));
        return filter.processAsync(device, kind, payload);
      },
    };
    const ingest = new IngestService({
      store: gated,
      metrics: new HubMetrics(),
      filter: watched,
      clock: () => now,
      limits: { maxPayloadBytes: 512 * 1024, maxReadingAgeMs: 86_400_000, maxClockSkewMs: 300_000 },
    });

    expect(await ingest.ingest(TOPIC, chunk(1, '2026-07-01T12:00:00.000Z'))).toEqual({
      status: 'stored',
    });
    now = Date.parse('2026-07-01T12:01:10Z');
    // The next minute's first chunk closes the window: its levels go to the (held) append.
    let settled = false;
    const pending = ingest.ingest(TOPIC, chunk(2, '2026-07-01T12:01:00.000Z')).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve)); // WeakRefs hold their target for one job
    gc();
    expect(settled).toBe(false);
    expect(seen).toHaveLength(2);
    expect(seen[1].deref() === undefined).toBe(true); // not toBeUndefined: a failure would print the audio

    open();
    const result = await pending;
    expect(result.status).toBe('stored');
    const forward = JSON.parse(String(result.status === 'stored' && result.forward)) as {
      values: Record<string, unknown>;
    };
    expect(Object.keys(forward.values)).toContain('LAeq');
    await store.close();
  });
});
