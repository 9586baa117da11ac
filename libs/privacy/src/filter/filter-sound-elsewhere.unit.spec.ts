import { describe, expect, test } from '@jest/globals';
import { emitted, LP } from '../../test/filter-harness.js';
import { manualClock, scheveningenRules, sine, toBase64 } from '../../test/fixtures.js';
import type { ChunkFolder } from '../audio/chunk-fold.js';
import { HeldFolder } from '../../test/held-folder.js';
import { seededRandom } from '../counts/random-source.js';
import { createKeyring } from '../pseudonym/keyring.js';
import type { FilteredReading } from './filter-types.js';
import { createPrivacyFilter } from './create-privacy-filter.js';

const START = '2026-07-01T12:00:00Z';
const chunk = (seq: number, second: number, db: number, freq = 1000) => ({
  seq,
  observedAt: new Date(Date.parse(START) + second * 1000).toISOString(),
  sampleRate: 48000,
  pcm: toBase64(sine(freq, db, 1, 48000)),
  soundClass: { label: 'siren', confidence: 0.9 },
});

function filterWith(audioFolder?: ChunkFolder) {
  const clock = manualClock(START);
  const filter = createPrivacyFilter({
    ruleSets: [scheveningenRules()],
    keyring: createKeyring(),
    clock: clock.now,
    maxFutureSkewMs: 5 * 60_000,
    random: seededRandom(7),
    ...(audioFolder && { audioFolder }),
    // These tests queue many chunks of one device at once on purpose (the order of the folds);
    // the bound on that queue has its own tests (filter-sound-backlog.unit.spec.ts).
    soundBacklog: { chunksPerDevice: Number.MAX_SAFE_INTEGER, totalBytes: Number.MAX_SAFE_INTEGER },
  });
  return { filter, clock };
}

const OTHER = { lab: 'scheveningen', lamppost: 'lp-043' };

describe('privacy filter: sound weighed elsewhere (the audio thread)', () => {
  test('the same chunks give the same levels as in the thread, one device at a time, in order', async () => {
    // Two devices, chunks of changing level and pitch over two windows: per device the meter's
    // filter state carries over, so an out-of-order fold would change the levels.
    const messages = [0, 1, 2, 3, 59, 60, 61].flatMap((second, i) => [
      { device: LP, body: chunk(i, second, 55 + 5 * (i % 4), 250 * (1 + (i % 3))) },
      { device: OTHER, body: chunk(i, second, 80 - 3 * i) },
    ]);
    const here = filterWith();
    const expected = messages.flatMap((m) =>
      emitted(here.filter.process(m.device, 'sound', m.body)),
    );
    expected.push(...here.filter.shutdown());

    const folder = new HeldFolder('newest-first');
    const away = filterWith(folder);
    const outcomes = messages.map((m) => away.filter.processAsync(m.device, 'sound', m.body));
    await folder.releaseAll();
    const got = (await Promise.all(outcomes)).flatMap(emitted);
    got.push(...away.filter.shutdown());

    // Across devices the order of their windows is free (the shutdown lists them as opened).
    const byPlace = (a: FilteredReading, b: FilteredReading) =>
      a.observedAt.localeCompare(b.observedAt) ||
      JSON.stringify(a.location).localeCompare(JSON.stringify(b.location));
    expect(expected).toHaveLength(4); // two windows per device
    expect(got.sort(byPlace)).toEqual(expected.sort(byPlace));
    expect(away.filter.stats()).toEqual(here.filter.stats());
  });

  test('other messages do not wait for a chunk being weighed: a temperature passes meanwhile', async () => {
    const folder = new HeldFolder('newest-first');
    const { filter } = filterWith(folder);
    let weighed = false;
    const sound = filter.processAsync(LP, 'sound', chunk(1, 0, 70)).then((o) => {
      weighed = true;
      return o;
    });
    await new Promise((r) => setImmediate(r));
    expect(folder.held).toHaveLength(1); // the chunk is away, not answered
    const temperature = await filter.processAsync(LP, 'temperature', {
      seq: 1,
      observedAt: START,
      celsius: 18.5,
    });
    expect(emitted(temperature)).toHaveLength(1);
    expect(weighed).toBe(false);
    await folder.releaseAll();
    emitted(await sound);
    expect(weighed).toBe(true);
  });

  test('a flush while a chunk is away keeps its window open until the chunk is in', async () => {
    const folder = new HeldFolder('newest-first');
    const { filter, clock } = filterWith(folder);
    const first = filter.processAsync(LP, 'sound', chunk(1, 0, 70));
    await folder.releaseAll();
    emitted(await first);
    const second = filter.processAsync(LP, 'sound', chunk(2, 1, 70));
    await new Promise((r) => setImmediate(r));
    expect(folder.held).toHaveLength(1);
    clock.set('2026-07-01T12:01:05Z'); // the window's end has passed
    expect(filter.flush()).toEqual([]);
    await folder.releaseAll();
    expect(emitted(await second)).toEqual([]);
    const closed = filter.flush();
    expect(closed).toHaveLength(1);
    expect(closed[0].values.durationSeconds).toBe(2);
  });

  test('a chunk the folder fails on is refused; the window keeps the others', async () => {
    const folder = new HeldFolder('newest-first');
    const { filter } = filterWith(folder);
    const ok = filter.processAsync(LP, 'sound', chunk(1, 0, 70));
    await folder.releaseAll();
    folder.fail = true;
    const lost = filter.processAsync(LP, 'sound', chunk(2, 1, 90));
    await folder.releaseAll();
    folder.fail = false;
    const after = filter.processAsync(LP, 'sound', chunk(3, 2, 70));
    await folder.releaseAll();
    emitted(await ok);
    expect(await lost).toMatchObject({
      kind: 'reject',
      code: 'AUDIO_WORKER_FAILED',
    });
    emitted(await after);
    const [levels] = filter.shutdown();
    expect(levels.values.durationSeconds).toBe(2);
    expect(Math.abs((levels.values.LAeq as number) - 70)).toBeLessThanOrEqual(0.5);
  });

  test('a bad chunk still gets its refusal code, as in the thread', async () => {
    const bad = [
      { ...chunk(1, 0, 70), pcm: 'AA==' }, // one byte: not a whole 16-bit sample
      { ...chunk(2, 1, 70), sampleRate: 8000 },
      { ...chunk(3, 2, 70), calibrationDbfsAt94: 3 },
      { ...chunk(4, 3, 70), pcm: 'A'.repeat(200_000) }, // over maxChunkSeconds
    ];
    const here = filterWith();
    const expected = bad.map((body) => here.filter.process(LP, 'sound', body));
    const folder = new HeldFolder('newest-first');
    const away = filterWith(folder);
    const outcomes = bad.map((body) => away.filter.processAsync(LP, 'sound', body));
    await folder.releaseAll();
    const got = await Promise.all(outcomes);
    expect(got.map((o) => (o.kind === 'reject' ? o.code : o.kind))).toEqual([
      'PAYLOAD_INVALID',
      'SAMPLE_RATE_NOT_ALLOWED',
      'CALIBRATION_MISSING',
      'PAYLOAD_TOO_LARGE',
    ]);
    expect(got).toEqual(expected);
  });

  test('a rule change while a chunk is away closes its window without it (late-for-window)', async () => {
    const folder = new HeldFolder('newest-first');
    const { filter } = filterWith(folder);
    const first = filter.processAsync(LP, 'sound', chunk(1, 0, 70));
    await folder.releaseAll();
    emitted(await first);
    const second = filter.processAsync(LP, 'sound', chunk(2, 1, 70));
    await new Promise((r) => setImmediate(r));
    const closed = filter.replaceRuleSets([scheveningenRules()]);
    expect(closed).toHaveLength(1);
    expect(closed[0].values.durationSeconds).toBe(1);
    await folder.releaseAll();
    expect(await second).toMatchObject({ kind: 'emit', readings: [], note: 'late-for-window' });
  });
});
