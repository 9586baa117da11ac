import jpeg from 'jpeg-js';
import { readingTopic } from '../shared/topics.js';
import type { Lamppost } from './lab.js';
import { encodeReading } from './readings.js';

/**
 * Misbehaving devices, each expected to be refused by the hub. The pure builders here make the
 * bad messages; run-lab sends them and reports what came back on the rejected topics.
 */
export const MISBEHAVE_MODES = [
  'bad-json',
  'schema',
  'out-of-range',
  'unknown-kind',
  'stale',
  'future',
  'duplicate',
  'raw-media',
  'oversize',
  'wrong-topic',
  'flood',
  'frozen-subscriber',
] as const;
export type MisbehaveMode = (typeof MISBEHAVE_MODES)[number];

/** What the hub is expected to answer; documented in docs/simulators.md. */
export const EXPECTED_OUTCOME: Record<MisbehaveMode, string> = {
  'bad-json': 'INVALID_JSON',
  schema: 'SCHEMA_VIOLATION',
  'out-of-range': 'OUT_OF_RANGE',
  'unknown-kind': 'UNKNOWN_KIND',
  stale: 'STALE_TIMESTAMP',
  future: 'FUTURE_TIMESTAMP',
  duplicate: 'DUPLICATE_CONFLICT',
  // The motion schema has no `frame`: refused as an unknown field before the privacy filter looks.
  'raw-media': 'SCHEMA_VIOLATION (field frame)',
  oversize: 'PAYLOAD_TOO_LARGE or connection closed',
  'wrong-topic': 'NOT_AUTHORIZED / connection closed by ACL',
  flood: 'throttled: rejections or connection closed',
  // The hub answers a device that keeps sending bad messages at most once a second after 20 in a
  // minute (and disconnects it at 100), so little piles up while the device does not read: it
  // stays connected, and nobody else is slowed down. One connection per device, so the frozen
  // device is its own provoker; it hears its refusals once it reads again.
  'frozen-subscriber':
    'other devices unaffected; the frozen device stays connected and hears its refusals once it reads again',
};

/** Modes that need their own connection because the hub may close it. */
export const SEPARATE_CONNECTION_MODES: ReadonlySet<MisbehaveMode> = new Set([
  'oversize',
  'wrong-topic',
  'flood',
  'frozen-subscriber',
]);

export function isMisbehaveMode(value: string): value is MisbehaveMode {
  return (MISBEHAVE_MODES as readonly string[]).includes(value);
}

export function parseMisbehaveModes(list: string): MisbehaveMode[] {
  if (list.trim() === 'all') return [...MISBEHAVE_MODES];
  const modes = list
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  for (const m of modes) {
    if (!isMisbehaveMode(m))
      throw new Error(`unknown misbehave mode "${m}" (known: ${MISBEHAVE_MODES.join(', ')})`);
  }
  return modes as MisbehaveMode[];
}

export interface BadMessage {
  topic: string;
  payload: string;
  /** The seq written into the message, if any; rejections are matched on it. */
  seq?: number;
}

export interface MisbehaveContext {
  lamppost: Lamppost;
  /** Hands out the device's next seq. */
  nextSeq: () => number;
  /** Wall clock of the hub's world (what staleness is judged against). */
  now: Date;
  /** Size of the oversize payload's raw PCM in bytes. */
  oversizeBytes?: number;
}

const DAY_MS = 86_400_000;

function tinyJpeg(): string {
  const w = 16;
  const h = 16;
  const data = Buffer.alloc(w * h * 4, 128);
  return jpeg.encode({ data, width: w, height: h }, 50).data.toString('base64');
}

/** The bad message(s) one injection of `mode` sends on the device's own connection or topic. */
export function badMessages(mode: MisbehaveMode, ctx: MisbehaveContext): BadMessage[] {
  const { lamppost, now } = ctx;
  const topic = (kind: string): string => readingTopic(lamppost.topicPrefix, kind);
  const iso = now.toISOString();
  const valid = (seq: number, celsius = 18.5, observedAt = iso): string =>
    encodeReading({ seq, observedAt }, { celsius });
  switch (mode) {
    case 'bad-json': {
      const seq = ctx.nextSeq();
      return [{ topic: topic('temperature'), payload: valid(seq).slice(0, -1), seq }];
    }
    case 'schema': {
      const seq = ctx.nextSeq();
      return [
        {
          topic: topic('temperature'),
          payload: encodeReading({ seq, observedAt: iso }, { celsius: 'warm' }),
          seq,
        },
      ];
    }
    case 'out-of-range': {
      const seq = ctx.nextSeq();
      return [{ topic: topic('temperature'), payload: valid(seq, 180), seq }];
    }
    case 'unknown-kind': {
      const seq = ctx.nextSeq();
      return [
        {
          topic: topic('weather'),
          payload: encodeReading({ seq, observedAt: iso }, { rainMm: 0.4 }),
          seq,
        },
      ];
    }
    case 'stale': {
      const seq = ctx.nextSeq();
      return [
        {
          topic: topic('temperature'),
          // Older than the hub's default maximum age (7 days, HUB_MAX_READING_AGE_SEC).
          payload: valid(seq, 18.5, new Date(now.getTime() - 30 * DAY_MS).toISOString()),
          seq,
        },
      ];
    }
    case 'future': {
      const seq = ctx.nextSeq();
      return [
        {
          topic: topic('temperature'),
          payload: valid(seq, 18.5, new Date(now.getTime() + 3_600_000).toISOString()),
          seq,
        },
      ];
    }
    case 'duplicate': {
      // The same seq twice with different content: the first is accepted, the second conflicts.
      const seq = ctx.nextSeq();
      return [
        { topic: topic('temperature'), payload: valid(seq, 18.5), seq },
        { topic: topic('temperature'), payload: valid(seq, 19.5), seq },
      ];
    }
    case 'raw-media': {
      // A camera frame where only counts belong: motion must never carry images.
      const seq = ctx.nextSeq();
      const payload = encodeReading({ seq, observedAt: iso }, { events: 1, frame: tinyJpeg() });
      return [{ topic: topic('motion'), payload, seq }];
    }
    case 'oversize': {
      const seq = ctx.nextSeq();
      const pcm = Buffer.alloc(ctx.oversizeBytes ?? 4 * 1024 * 1024, 1).toString('base64');
      const payload = encodeReading(
        { seq, observedAt: iso },
        { sampleRate: 32000, pcm, calibrationDbfsAt94: -26 },
      );
      return [{ topic: topic('sound'), payload, seq }];
    }
    case 'wrong-topic': {
      // A valid reading on a lamppost this device does not own.
      const seq = ctx.nextSeq();
      const other = lamppost.topicPrefix.replace(/[^/]+$/, `not-${lamppost.id}`);
      return [{ topic: readingTopic(other, 'temperature'), payload: valid(seq), seq }];
    }
    case 'flood': {
      // Valid readings; the misbehaviour is the rate.
      const seq = ctx.nextSeq();
      return [{ topic: topic('temperature'), payload: valid(seq), seq }];
    }
    case 'frozen-subscriber': {
      // Sent on the device's own connection, while it does not read, to make the hub publish
      // rejections towards it.
      const seq = ctx.nextSeq();
      const payload = encodeReading({ seq, observedAt: iso }, { celsius: 'provoke' });
      return [{ topic: topic('temperature'), payload, seq }];
    }
  }
}
