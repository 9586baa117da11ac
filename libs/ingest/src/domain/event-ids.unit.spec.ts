import { describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { nameBasedId, readingEventId } from './event-ids.js';

/** The id as RFC 9562 lays out version 8 over SHA-256, written byte by byte. */
function byBytes(...parts: readonly (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('\0')).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

describe('name-based event ids', () => {
  test('stay what earlier versions stored: a resend after an upgrade is still the same event', () => {
    expect(
      readingEventId({ lab: 'scheveningen', lamppost: 'lp-001', kind: 'temperature', seq: 42 }),
    ).toBe('fbd6568c-2a3f-86a9-b181-5f0cfeb35c4f');
    expect(
      nameBasedId(
        'window',
        'scheveningen',
        'lp-001',
        'radio',
        '2026-07-01T12:00:00.000Z',
        300,
        'shared',
        'ab'.repeat(32),
      ),
    ).toBe('2f495919-d3de-89bf-aa49-0b9adcb43dae');
  });

  test('equal the byte-wise layout for any parts (every variant digit occurs)', () => {
    const variants = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const parts = ['reading', randomBytes(6).toString('base64'), `lp-${i}`, i * 7919];
      const id = nameBasedId(...parts);
      expect(id).toBe(byBytes(...parts));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      variants.add(id[19]);
    }
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });
});
