// Durable ingest with the privacy filter on: a realistic Scheveningen mix of sensor messages
// against temperature only, through the hub's own ingest use case (validation, filter, group-
// committed SQLite append), in the same run. MQTT framing is left out of both sides alike.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

/** Where the hub weighs sound (HUB_AUDIO_THREAD): both are measured in the same run. */
type AudioThreadMode = 'worker' | 'main';

interface RunResult {
  msgsPerSec: number;
  /** How long each temperature message took through the use case, send to stored, in ms. */
  temperatureMs: number[];
}

async function run(
  messages: readonly Message[],
  concurrency: number,
  audioThread: AudioThreadMode,
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-filter-'));
  const store = openSqliteEventStore({ file: join(dir, 'events.sqlite') });
  const audio =
    audioThread === 'worker'
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
    // 256 messages in flight put many chunks of one lamppost in the queue at once, which the
    // hub's backlog bound (4 a device) would refuse: the bench measures the weighing, so no bound.
    soundBacklog: { chunksPerDevice: Number.MAX_SAFE_INTEGER, totalBytes: Number.MAX_SAFE_INTEGER },
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
  const temperatureMs: number[] = [];
  const reasons = new Set<string>();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < wire.length) {
        const { topic, payload } = wire[next++];
        const sent = performance.now();
        const result = await ingest.ingest(topic, payload);
        if (topic.endsWith('/temperature')) temperatureMs.push(performance.now() - sent);
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
  return { msgsPerSec: wire.length / seconds, temperatureMs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2));
};

export interface IngestWithFilter {
  /** Mixed traffic with sound weighed on the audio worker thread (the hub's default). */
  mixedMsgsPerSec: number;
  temperatureMsgsPerSec: number;
  ingestWithFilterRatio: number;
  /** The same mixed traffic with sound weighed on the calling thread (HUB_AUDIO_THREAD=main). */
  mixedMsgsPerSecAudioOnMain: number;
  ingestWithFilterRatioAudioOnMain: number;
  /** Temperature messages' time through the use case: p50/p99 in ms, in each traffic. */
  temperatureP50MsAlone: number;
  temperatureP99MsAlone: number;
  temperatureP50MsInMix: number;
  temperatureP99MsInMix: number;
  temperatureP50MsInMixAudioOnMain: number;
  temperatureP99MsInMixAudioOnMain: number;
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
  await run(mixed.slice(0, 500), 256, 'worker'); // warm-up
  await run(mixed.slice(0, 500), 256, 'main');
  const worker: RunResult[] = [];
  const main: RunResult[] = [];
  const alone: RunResult[] = [];
  // Alternated, so that a slower stretch of a shared machine falls on every kind of run.
  for (let i = 0; i < runs; i++) {
    worker.push(await run(mixed, 256, 'worker'));
    main.push(await run(mixed, 256, 'main'));
    alone.push(await run(temperature, 256, 'worker'));
  }
  const rate = (rs: RunResult[]): number => median(rs.map((r) => r.msgsPerSec));
  const latencies = (rs: RunResult[]): number[] => rs.flatMap((r) => r.temperatureMs);
  const temperatureMsgsPerSec = rate(alone);
  return {
    mixedMsgsPerSec: Math.round(rate(worker)),
    temperatureMsgsPerSec: Math.round(temperatureMsgsPerSec),
    ingestWithFilterRatio: Number((rate(worker) / temperatureMsgsPerSec).toFixed(3)),
    mixedMsgsPerSecAudioOnMain: Math.round(rate(main)),
    ingestWithFilterRatioAudioOnMain: Number((rate(main) / temperatureMsgsPerSec).toFixed(3)),
    temperatureP50MsAlone: percentile(latencies(alone), 50),
    temperatureP99MsAlone: percentile(latencies(alone), 99),
    temperatureP50MsInMix: percentile(latencies(worker), 50),
    temperatureP99MsInMix: percentile(latencies(worker), 99),
    temperatureP50MsInMixAudioOnMain: percentile(latencies(main), 50),
    temperatureP99MsInMixAudioOnMain: percentile(latencies(main), 99),
    mixedMessages: mixed.length,
    mix,
  };
}
