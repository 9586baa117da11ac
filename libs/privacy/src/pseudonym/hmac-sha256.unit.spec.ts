import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { HmacSha256 } from './hmac-sha256.js';

const reference = (key: Uint8Array, m: string) =>
  createHmac('sha256', key).update(m, 'utf8').digest('hex');

describe('HmacSha256', () => {
  test('RFC 4231 test case 1 (key 0x0b x 20, "Hi There")', () => {
    const mac = new HmacSha256(new Uint8Array(20).fill(0x0b));
    expect(mac.digest('Hi There').toString('hex')).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
  });

  test('matches createHmac at every padding boundary', () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const mac = new HmacSha256(key);
    for (let n = 0; n <= 300; n++) {
      const m = 'a'.repeat(n);
      expect(mac.digest(m).toString('hex')).toBe(reference(key, m));
    }
  });

  test('property: equals createHmac for any key and any (unicode) message', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 })),
        (key, m) => {
          expect(new HmacSha256(key).digest(m).toString('hex')).toBe(reference(key, m));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('wipe makes the instance useless: digests no longer match the key', () => {
    const key = new Uint8Array(32).fill(9);
    const mac = new HmacSha256(key);
    mac.wipe();
    expect(mac.digest('x').toString('hex')).not.toBe(reference(key, 'x'));
  });
});
