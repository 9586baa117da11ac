import { describe, expect, test } from '@jest/globals';
import { validateReading } from './validate-reading.js';

const now = '2026-07-01T12:00:00.000Z';
const check = (kind: string, body: unknown) =>
  validateReading(kind, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), 4096);

describe('validateReading', () => {
  test('accepts the documented temperature payload', () => {
    const outcome = check('temperature', { seq: 17, observedAt: now, celsius: 21.4 });
    expect(outcome.ok).toBe(true);
  });

  test.each([
    ['temperature', '{"seq": 1,', 'INVALID_JSON', undefined],
    ['humidity', { seq: 1, observedAt: now }, 'UNKNOWN_KIND', undefined],
    ['temperature', [1, 2], 'SCHEMA_VIOLATION', undefined],
    ['temperature', { seq: 1, observedAt: now, celsius: 'warm' }, 'SCHEMA_VIOLATION', 'celsius'],
    ['temperature', { seq: 1, observedAt: now, celsius: 99 }, 'OUT_OF_RANGE', 'celsius'],
    [
      'temperature',
      { seq: 1, observedAt: now, celsius: 20, extra: 1 },
      'SCHEMA_VIOLATION',
      'extra',
    ],
    ['temperature', { seq: -1, observedAt: now, celsius: 20 }, 'OUT_OF_RANGE', 'seq'],
    [
      'temperature',
      { seq: 1, observedAt: 'yesterday', celsius: 20 },
      'SCHEMA_VIOLATION',
      'observedAt',
    ],
    [
      'camera',
      {
        seq: 1,
        observedAt: now,
        detections: [{ class: 'person', bbox: [1, 2, 3], confidence: 0.5 }],
      },
      'SCHEMA_VIOLATION',
      'detections.0.bbox',
    ],
    [
      'radio',
      { seq: 1, observedAt: now, identifiers: ['a4:5e:60:00:00:01'], technology: 'lora' },
      'SCHEMA_VIOLATION',
      'technology',
    ],
    [
      'sound',
      { seq: 1, observedAt: now, sampleRate: 48000, pcm: '***' },
      'SCHEMA_VIOLATION',
      'pcm',
    ],
  ])('%s %j -> %s on %s', (kind, body, code, field) => {
    const outcome = check(kind, body);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.rejection.code).toBe(code);
    expect(outcome.rejection.field).toBe(field);
    expect(JSON.stringify(outcome.rejection)).not.toContain('warm');
  });

  test('an oversized payload is refused before parsing', () => {
    const outcome = validateReading('temperature', Buffer.alloc(5000, 0x20), 4096);
    expect(outcome.ok || outcome.rejection.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('echoes seq when it could be read', () => {
    const outcome = check('temperature', { seq: 42, observedAt: now, celsius: 500 });
    expect(outcome.ok || outcome.rejection.seq).toBe(42);
  });
});
