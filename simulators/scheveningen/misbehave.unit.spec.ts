import { describe, expect, test } from '@jest/globals';
import jpeg from 'jpeg-js';
import { isSensorKind } from '@hub/contracts';
import { createScheveningenLab } from './lab.js';
import {
  badMessages,
  MISBEHAVE_MODES,
  parseMisbehaveModes,
  type MisbehaveMode,
} from './misbehave.js';

const lamppost = createScheveningenLab({ seed: 1, lampposts: 3 }).lampposts[1];
const now = new Date('2026-07-04T13:00:00.000Z');

function make(mode: MisbehaveMode): ReturnType<typeof badMessages> {
  let seq = 100;
  return badMessages(mode, { lamppost, nextSeq: () => ++seq, now, oversizeBytes: 1_500_000 });
}

const json = (payload: string): Record<string, unknown> =>
  JSON.parse(payload) as Record<string, unknown>;
const kindOf = (topic: string): string => topic.split('/').pop() ?? '';

describe('misbehave messages', () => {
  test('every mode builds at least one message with a seq', () => {
    for (const mode of MISBEHAVE_MODES) {
      const messages = make(mode);
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) expect(m.seq).toBe(101);
    }
  });

  test('bad-json is not JSON', () => {
    const [m] = make('bad-json');
    expect(() => {
      JSON.parse(m.payload);
    }).toThrow();
    expect(m.topic).toBe(`${lamppost.topicPrefix}/temperature`);
  });

  test('schema violation: celsius is not a number', () => {
    const body = json(make('schema')[0].payload);
    expect(typeof body.celsius).toBe('string');
    expect(body.seq).toBe(101);
  });

  test('out-of-range: well outside any real air temperature', () => {
    expect(json(make('out-of-range')[0].payload).celsius).toBeGreaterThan(100);
  });

  test('unknown kind on a topic the hub does not know', () => {
    const [m] = make('unknown-kind');
    expect(m.topic.startsWith(`${lamppost.topicPrefix}/`)).toBe(true);
    expect(isSensorKind(kindOf(m.topic))).toBe(false);
  });

  test('stale and future timestamps', () => {
    const stale = Date.parse(json(make('stale')[0].payload).observedAt as string);
    const future = Date.parse(json(make('future')[0].payload).observedAt as string);
    expect(now.getTime() - stale).toBeGreaterThan(86_400_000);
    expect(future - now.getTime()).toBeGreaterThanOrEqual(3_600_000);
  });

  test('duplicate: same seq, different content', () => {
    const [a, b] = make('duplicate');
    expect(json(a.payload).seq).toBe(json(b.payload).seq);
    expect(a.payload).not.toBe(b.payload);
  });

  test('raw-media: a decodable JPEG on the motion kind', () => {
    const [m] = make('raw-media');
    expect(kindOf(m.topic)).toBe('motion');
    const frame = json(m.payload).frame as string;
    expect(jpeg.decode(Buffer.from(frame, 'base64')).width).toBe(16);
  });

  test('oversize: a sound payload bigger than the requested raw size', () => {
    const [m] = make('oversize');
    expect(kindOf(m.topic)).toBe('sound');
    expect(m.payload.length).toBeGreaterThan(1_500_000);
  });

  test('wrong-topic: a valid reading under another lamppost', () => {
    const [m] = make('wrong-topic');
    expect(m.topic.startsWith(`${lamppost.topicPrefix}/`)).toBe(false);
    expect(m.topic).toMatch(/^labs\/scheveningen\/lampposts\/[^/]+\/temperature$/);
    expect(typeof json(m.payload).celsius).toBe('number');
  });

  test('mode lists parse, unknown modes are refused', () => {
    expect(parseMisbehaveModes('all')).toEqual([...MISBEHAVE_MODES]);
    expect(parseMisbehaveModes('bad-json,flood')).toEqual(['bad-json', 'flood']);
    expect(() => parseMisbehaveModes('chaos')).toThrow(/unknown misbehave mode/);
  });
});
