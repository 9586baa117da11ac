import { describe, expect, test } from '@jest/globals';
import { emitted, LP } from '../../test/filter-harness.js';
import { manualClock, scheveningenRules, sine, toBase64 } from '../../test/fixtures.js';
import type { ChunkFolder } from '../audio/chunk-fold.js';
import { HeldFolder } from '../../test/held-folder.js';
import { seededRandom } from '../counts/random-source.js';
import { createKeyring } from '../pseudonym/keyring.js';
import type { FilterOutcome } from './filter-types.js';
import { createPrivacyFilter } from './create-privacy-filter.js';
import type { SoundBacklogLimits } from './sound-backlog.js';

const START = '2026-07-01T12:00:00Z';
const OTHER = { lab: 'scheveningen', lamppost: 'lp-043' };
const chunk = (seq: number) => ({
  seq,
  observedAt: new Date(Date.parse(START) + seq * 1000).toISOString(),
  sampleRate: 48000,
  pcm: toBase64(sine(1000, 70, 1, 48000)),
});
const CHUNK_BYTES = chunk(0).pcm.length;

function filterWith(folder: ChunkFolder, soundBacklog?: SoundBacklogLimits) {
  return createPrivacyFilter({
    ruleSets: [scheveningenRules()],
    keyring: createKeyring(),
    clock: manualClock(START).now,
    maxFutureSkewMs: 5 * 60_000,
    random: seededRandom(7),
    audioFolder: folder,
    ...(soundBacklog && { soundBacklog }),
  });
}

/** Resolves with the outcomes already settled, without waiting for the held ones. */
async function settled(outcomes: Promise<FilterOutcome>[]): Promise<(FilterOutcome | 'waiting')[]> {
  const waiting = Symbol('waiting');
  await new Promise((r) => setImmediate(r));
  const now = await Promise.all(outcomes.map((o) => Promise.race([o, Promise.resolve(waiting)])));
  return now.map((o) => (o === waiting ? 'waiting' : o));
}

const code = (o: FilterOutcome | 'waiting') =>
  o === 'waiting' ? o : o.kind === 'reject' ? o.code : o.kind;

describe('privacy filter: what may wait for the audio folder is bounded', () => {
  test('a device gets 4 chunks waiting by default; the next are refused at once, others go on', async () => {
    const folder = new HeldFolder();
    const filter = filterWith(folder);
    const flood = [0, 1, 2, 3, 4, 5].map((s) => filter.processAsync(LP, 'sound', chunk(s)));
    const other = filter.processAsync(OTHER, 'sound', chunk(0));
    expect((await settled([...flood, other])).map(code)).toEqual([
      ...Array<string>(4).fill('waiting'),
      'AUDIO_BACKLOG_FULL',
      'AUDIO_BACKLOG_FULL',
      'waiting', // another device has its own places
    ]);
    expect(filter.soundBacklog()).toEqual({
      chunks: 5,
      bytes: 5 * CHUNK_BYTES,
      largestDeviceQueue: 4,
    });
    expect(await flood[4]).toMatchObject({ kind: 'reject', field: 'pcm' });
    expect(filter.stats()['scheveningen-default@1']?.messagesRejected).toMatchObject({
      AUDIO_BACKLOG_FULL: 2,
    });

    await folder.releaseAll();
    expect((await Promise.all([...flood.slice(0, 4), other])).map(code)).toEqual(
      Array<string>(5).fill('emit'),
    );
    expect(filter.soundBacklog()).toEqual({ chunks: 0, bytes: 0, largestDeviceQueue: 0 });
    // Room again: the device's next chunk is taken.
    const next = filter.processAsync(LP, 'sound', chunk(6));
    await folder.releaseAll();
    expect(emitted(await next)).toEqual([]);
  });

  test('the bytes of all devices together are bounded too; one chunk always gets in', async () => {
    const folder = new HeldFolder();
    const filter = filterWith(folder, { chunksPerDevice: 4, totalBytes: 1 });
    const first = filter.processAsync(LP, 'sound', chunk(0)); // nothing waits: let in
    const second = filter.processAsync(OTHER, 'sound', chunk(0));
    expect((await settled([first, second])).map(code)).toEqual(['waiting', 'AUDIO_BACKLOG_FULL']);
    expect(await second).toMatchObject({ message: expect.stringContaining('too much sound') });
    await folder.releaseAll();
    expect(code(await first)).toBe('emit');
    const later = filter.processAsync(OTHER, 'sound', chunk(1));
    await folder.releaseAll();
    expect(code(await later)).toBe('emit');
  });

  test('chunks the folder fails on leave the backlog as well', async () => {
    const folder = new HeldFolder();
    const filter = filterWith(folder);
    const flood = [0, 1, 2, 3].map((s) => filter.processAsync(LP, 'sound', chunk(s)));
    expect(filter.soundBacklog().chunks).toBe(4);
    folder.fail = true;
    await folder.releaseAll();
    expect((await Promise.all(flood)).map(code)).toEqual(
      Array<string>(4).fill('AUDIO_WORKER_FAILED'),
    );
    expect(filter.soundBacklog()).toEqual({ chunks: 0, bytes: 0, largestDeviceQueue: 0 });
  });
});
