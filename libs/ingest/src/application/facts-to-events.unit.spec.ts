import { describe, expect, test } from '@jest/globals';
import type { FilteredReading } from '@hub/privacy';
import { messageFacts, readingEventsByStream, windowFacts } from './facts-to-events.js';

const rule = { id: 'scheveningen', version: 3, hash: 'ab'.repeat(32) };
const fact = (over: Partial<FilteredReading> = {}): FilteredReading => ({
  lab: 'scheveningen',
  location: { lamppost: 'lp-001' },
  kind: 'temperature',
  observedAt: '2026-07-01T12:00:00.000Z',
  intervalSeconds: 60,
  audience: 'any',
  values: { celsius: 21.5 },
  rule,
  transforms: ['round:0.5'],
  ...over,
});
const receivedAt = '2026-07-01T12:00:01.234Z';
const message = { lab: 'scheveningen', lamppost: 'lp-001', kind: 'temperature', seq: 42 };

describe('facts-to-events (pure)', () => {
  test('a fact of the message kind is direct: it carries the seq and a seq-derived id', () => {
    const [planned] = messageFacts({ message, facts: [fact()], receivedAt });
    expect(planned.direct).toBe(true);
    expect(planned.data).toEqual({
      lab: 'scheveningen',
      lamppost: 'lp-001',
      location: { lamppost: 'lp-001' },
      kind: 'temperature',
      seq: 42,
      observedAt: '2026-07-01T12:00:00.000Z',
      intervalSeconds: 60,
      audience: 'any',
      values: { celsius: 21.5 },
      rule,
      transforms: ['round:0.5'],
      receivedAt,
    });
    // Event ids are part of the log: a redelivery after an upgrade must find the same id.
    expect(planned.id).toBe('fbd6568c-2a3f-86a9-b181-5f0cfeb35c4f');
  });

  test('each direct fact of one message gets its own index in the id', () => {
    const planned = messageFacts({
      message,
      facts: [fact(), fact({ audience: 'shared' })],
      receivedAt,
    });
    expect(planned.map((p) => p.id)).toEqual([
      'fbd6568c-2a3f-86a9-b181-5f0cfeb35c4f',
      '8702a620-dd39-8207-86e5-085631981713',
    ]);
  });

  test('a generalised location names its grid cell as the lamppost', () => {
    const [planned] = messageFacts({
      message,
      facts: [fact({ location: { gridCell: 'c-12', cellMeters: 250 } })],
      receivedAt,
    });
    expect(planned.data.lamppost).toBe('c-12');
    expect(planned.data.location).toEqual({ gridCell: 'c-12', cellMeters: 250 });
  });

  test('facts of a windowed kind carry no seq and are identified by their window', () => {
    const windowed = fact({ kind: 'sound', values: { LAeq: 52.1 }, intervalSeconds: 300 });
    const sound = messageFacts({
      message: { ...message, kind: 'sound' },
      facts: [windowed],
      receivedAt,
    });
    const flushed = windowFacts([windowed], '2026-07-01T13:00:00.000Z');
    expect(sound[0].direct).toBe(false);
    expect(sound[0].data.seq).toBeUndefined();
    expect('seq' in sound[0].data).toBe(false);
    expect(sound[0].id).toBe('b35c879a-97f3-847b-91ab-79afcbe9e691');
    // The same window flushed by the clock has the same id (receivedAt is not part of it).
    expect(flushed[0].id).toBe(sound[0].id);
    expect(flushed[0].data.receivedAt).toBe('2026-07-01T13:00:00.000Z');
  });

  test('a fact of another kind than the message is a window, not direct', () => {
    const [planned] = messageFacts({
      message,
      facts: [fact({ kind: 'air', values: { pm25: 4 } })],
      receivedAt,
    });
    expect(planned.direct).toBe(false);
    expect(planned.data.seq).toBeUndefined();
  });

  test('events are grouped by stream in the facts order', () => {
    const planned = messageFacts({
      message,
      facts: [fact(), fact({ location: { lamppost: 'lp-002' } }), fact({ audience: 'shared' })],
      receivedAt,
    });
    const byStream = readingEventsByStream(planned);
    expect([...byStream.keys()]).toEqual([
      'reading-scheveningen.lp-001.temperature',
      'reading-scheveningen.lp-002.temperature',
    ]);
    expect(byStream.get('reading-scheveningen.lp-001.temperature')).toEqual([
      { id: planned[0].id, type: 'ReadingRecorded', data: planned[0].data },
      { id: planned[2].id, type: 'ReadingRecorded', data: planned[2].data },
    ]);
  });
});
