// Durable ingest with the privacy filter on: a realistic Scheveningen mix of sensor messages
// against temperature only, through the hub's own ingest use case (validation, filter, group-
// committed SQLite append), in the same run. MQTT framing is left out of both sides alike.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '@hub/event-store';
import { AudioThread, IngestService } from '@hub/ingest';
import { HubMetrics } from '@hub/ops';
import {
  createScheveningenLab,
  DEFAULT_GENERATOR_OPTIONS,
  DEFAULT_INTERVALS_SEC,
  readingsAt,
} from '../../../simulators/scheveningen/index.js';
import {
  createKeyring,
  createPrivacyFilter,
  cryptoRandom,
  DEFAULT_RULE_SET_FILE,
  loadRuleSet,
} from '../src/index.js';

type Kind = keyof typeof DEFAULT_INTERVALS_SEC;
interface Message {
  lamppost: string;
  kind: Kind;
  body: object;
}

/** One simulated summer-afternoon quarter hour of 40 lampposts, each kind at its default interval. */
function mixedMessages(): Message[] {
  const lab = createScheveningenLab({ seed: 7, lampposts: 40 });
  const start = Date.parse('2026-07-04T14:00:00+02:00');
  const out: Message[] = [];
  for (const lamppost of lab.lampposts) {
    for (const kind of Object.keys(DEFAULT_INTERVALS_SEC) as Kind[]) {
      const interval = DEFAULT_INTERVALS_SEC[kind];
      for (let t = 0; t < 900; t += interval) {
        for (const body of readingsAt(lamppost, kind, new Date(start + t * 1000), {
          ...DEFAULT_GENERATOR_OPTIONS,
          intervalSec: interval,
        })) {
          out.push({ lamppost: lamppost.id, kind, body });
        }
      }
    }
  }
  return out;
}

/**
 * Where the hub weighs sound: HUB_AUDIO_THREAD as the hub reads it (default `worker`). The bench
 * is a harness outside the libraries' sources: it reads the one variable rather than a hub config.
 */
const AUDIO_THREAD = process.env.HUB_AUDIO_THREAD === 'main' ? 'main' : 'worker';

async function run(messages: readonly Message[], concurrency: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-filter-'));
  const store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
  const audio =
    AUDIO_THREAD === 'worker'
      ? new AudioThread({ logger: { info: () => {}, warn: () => {}, error: console.error } })
      : undefined;
  audio?.start();
  const filter = createPrivacyFilter({
    ruleSets: [loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'))],
    keyring: createKeyring(),
    clock: Date.now,
    maxFutureSkewMs: 5 * 60_000,
    random: cryptoRandom,
    ...(audio && { audioFolder: audio }),
  });
  const ingest = new IngestService({
    store,
    metrics: new HubMetrics(),
    filter,
    limits: { maxPayloadBytes: 512 * 1024, maxReadingAgeMs: 86_400_000, maxClockSkewMs: 300_000 },
  });
  // Payloads are encoded before the clock starts; seq and observedAt are fresh per message.
  const observedAt = new Date().toISOString();
  const wire = messages.map((m, seq) => ({
    topic: `labs/scheveningen/lampposts/${m.lamppost}/${m.kind}`,
    payload: Buffer.from(JSON.stringify({ seq, observedAt, ...m.body })),
  }));
  let next = 0;
  let refused = 0;
  const reasons = new Set<string>();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < wire.length) {
        const { topic, payload } = wire[next++];
        const result = await ingest.ingest(topic, payload);
        if (result.status === 'rejected') {
          refused++;
          reasons.add(
            `${topic.split('/').at(-1)}: ${result.rejection.code} ${result.rejection.field ?? ''} ${result.rejection.message}`,
          );
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  await audio?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (refused > 0) {
    throw new Error(
      `${refused} of ${wire.length} bench messages were refused: ${[...reasons].join('; ')}`,
    );
  }
  return wire.length / seconds;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface IngestWithFilter {
  mixedMsgsPerSec: number;
  temperatureMsgsPerSec: number;
  ingestWithFilterRatio: number;
  /** HUB_AUDIO_THREAD of the run. */
  audioThread: 'worker' | 'main';
  mixedMessages: number;
  mix: Record<string, number>;
}

export async function measureIngestWithFilter(runs = 3): Promise<IngestWithFilter> {
  const mixed = mixedMessages();
  const temperature: Message[] = mixed.map((m, i) => ({
    lamppost: m.lamppost,
    kind: 'temperature',
    body: { celsius: 15 + (i % 100) / 10 },
  }));
  const mix: Record<string, number> = {};
  for (const m of mixed) mix[m.kind] = (mix[m.kind] ?? 0) + 1;
  await run(mixed.slice(0, 500), 256); // warm-up
  const m: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    m.push(await run(mixed, 256));
    t.push(await run(temperature, 256));
  }
  const mixedMsgsPerSec = median(m);
  const temperatureMsgsPerSec = median(t);
  return {
    mixedMsgsPerSec: Math.round(mixedMsgsPerSec),
    temperatureMsgsPerSec: Math.round(temperatureMsgsPerSec),
    ingestWithFilterRatio: Number((mixedMsgsPerSec / temperatureMsgsPerSec).toFixed(3)),
    audioThread: AUDIO_THREAD,
    mixedMessages: mixed.length,
    mix,
  };
}
