import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import type { HubLogger } from '@hub/contracts';
import {
  createKeyring,
  createPrivacyFilter,
  DEFAULT_RULE_SET_FILE,
  loadRuleSet,
  seededRandom,
  type ChunkFolder,
  type FilteredReading,
  type FilterOutcome,
} from '@hub/privacy';
import {
  createScheveningenLab,
  DEFAULT_GENERATOR_OPTIONS,
  readingsAt,
} from '../../../../simulators/scheveningen/index.js';
import { AudioThread } from './audio-thread.js';

// The worker runs the compiled entry from dist/ (built by the tests' global setup).
const dir = mkdtempSync(join(tmpdir(), 'hub-audio-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errors: { message: string; context?: Record<string, unknown> }[] = [];
const logger: HubLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (message, context) => void errors.push({ message, ...(context && { context }) }),
};

const START = Date.parse('2026-07-04T14:00:00Z');
const lab = createScheveningenLab({ seed: 7, lampposts: 3 });

/** The simulator's sound chunks (1 s, 48 kHz) of each lamppost, over two LAeq windows. */
const messages = [0, 1, 2, 3, 4, 58, 59, 60, 61, 62].flatMap((second, seq) =>
  lab.lampposts.map((lamppost) => ({
    device: { lab: 'scheveningen', lamppost: lamppost.id },
    body: {
      seq,
      observedAt: new Date(START + second * 1000).toISOString(),
      ...readingsAt(lamppost, 'sound', new Date(START + second * 1000), {
        ...DEFAULT_GENERATOR_OPTIONS,
        sampleRate: 48_000,
        intervalSec: 1,
      })[0],
    },
  })),
);

function filterWith(audioFolder?: ChunkFolder) {
  return createPrivacyFilter({
    ruleSets: [loadRuleSet(readFileSync(DEFAULT_RULE_SET_FILE, 'utf8'))],
    keyring: createKeyring(),
    clock: () => START + 120_000,
    maxFutureSkewMs: 300_000,
    random: seededRandom(3),
    ...(audioFolder && { audioFolder }),
    // These tests queue many chunks of one device at once on purpose (the order of the folds);
    // the bound on that queue has its own tests (filter-sound-backlog.unit.spec.ts).
    soundBacklog: { chunksPerDevice: Number.MAX_SAFE_INTEGER, totalBytes: Number.MAX_SAFE_INTEGER },
  });
}

const readings = (o: FilterOutcome): FilteredReading[] => {
  if (o.kind !== 'emit') throw new Error(`refused: ${o.code} ${o.message}`);
  return o.readings;
};
const byLamppost = (a: FilteredReading, b: FilteredReading) =>
  a.observedAt.localeCompare(b.observedAt) ||
  JSON.stringify(a.location).localeCompare(JSON.stringify(b.location));

describe('AudioThread', () => {
  test('the worker path gives the levels of the in-thread path for the same chunks', async () => {
    const here = filterWith();
    const expected = messages.flatMap((m) => readings(here.process(m.device, 'sound', m.body)));
    expected.push(...here.shutdown());

    const thread = new AudioThread({ logger });
    thread.start();
    try {
      const away = filterWith(thread);
      // All at once, as many devices' PUBLISHes arrive: the filter keeps each device's order.
      const outcomes = await Promise.all(
        messages.map((m) => away.processAsync(m.device, 'sound', m.body)),
      );
      const got = outcomes.flatMap(readings);
      got.push(...away.shutdown());
      expect(expected).toHaveLength(2 * lab.lampposts.length);
      expect(got.sort(byLamppost)).toEqual(expected.sort(byLamppost));
      expect(expected.every((r) => typeof r.values.LAeq === 'number')).toBe(true);
    } finally {
      await thread.stop();
    }
  });

  test('a worker that is killed is started again; its chunks in flight are refused, later ones weighed', async () => {
    const thread = new AudioThread({ logger });
    thread.start();
    try {
      const filter = filterWith(thread);
      const first = thread.threadId;
      const inFlight = messages
        .slice(0, 6)
        .map((m) => filter.processAsync(m.device, 'sound', m.body));
      await thread.terminateWorker();
      const refused = await Promise.all(inFlight);
      // Whatever the worker had answered before it died is kept; the rest is refused.
      const codes = refused.map((o) => (o.kind === 'reject' ? o.code : 'weighed'));
      expect(codes).toContain('AUDIO_WORKER_FAILED');
      expect(codes.every((c) => c === 'AUDIO_WORKER_FAILED' || c === 'weighed')).toBe(true);
      expect(thread.restarts).toBe(1);
      expect(thread.threadId).not.toBe(first);
      expect(errors.map((e) => e.message)).toContain('audio worker lost; starting it again');

      const later = await Promise.all(
        messages.slice(6, 12).map((m) => filter.processAsync(m.device, 'sound', m.body)),
      );
      expect(later.map((o) => o.kind)).toEqual(Array(6).fill('emit'));
    } finally {
      await thread.stop();
    }
  });

  test('a worker that stops answering is taken for stuck: its chunk is refused and it is replaced', async () => {
    const silent = join(dir, 'silent-worker.mjs');
    writeFileSync(
      silent,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n",
    );
    const thread = new AudioThread({ logger, timeoutMs: 200, workerFile: silent });
    thread.start();
    try {
      const filter = filterWith(thread);
      const first = thread.threadId;
      const outcome = await filter.processAsync(messages[0].device, 'sound', messages[0].body);
      expect(outcome).toMatchObject({ kind: 'reject', code: 'AUDIO_WORKER_FAILED', field: 'pcm' });
      expect(outcome.kind === 'reject' && outcome.message).toContain(
        'did not answer within 200 ms',
      );
      expect(thread.restarts).toBeGreaterThanOrEqual(1);
      expect(thread.threadId).not.toBe(first);
    } finally {
      await thread.stop();
    }
  });
});
