import { describe, expect, test } from '@jest/globals';
import { inspect } from 'node:util';
import { createHmac, randomBytes } from 'node:crypto';
import { createKeyring, type KeyLifecycleRecord } from './keyring.js';
import { pseudonymise } from './pseudonymise.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T10:00:00Z');

/** Keeps a handle on every key Buffer handed out, so the test can check it was wiped. */
function trackingRandom() {
  const handed: Buffer[] = [];
  return {
    handed,
    randomBytes: (n: number) => {
      const b = randomBytes(n);
      handed.push(b);
      return b;
    },
  };
}

describe('Keyring and pseudonyms', () => {
  const mac = 'a4:5e:60:c2:19:7f';

  test('no clear identifier survives: output is a truncated hex tag', () => {
    const kr = createKeyring();
    const tag = pseudonymise(kr, mac, T0, 24);
    expect(tag).toMatch(/^[0-9a-f]{6}$/);
    expect(tag).not.toContain('a45e60');
    expect(JSON.stringify(tag)).not.toMatch(/([0-9a-f]{2}:){5}/);
  });

  test('same MAC within one epoch gives the same pseudonym, in any notation', () => {
    const kr = createKeyring();
    const a = pseudonymise(kr, mac, T0, 64);
    expect(pseudonymise(kr, 'A4-5E-60-C2-19-7F', T0 + 3_600_000, 64)).toBe(a);
    expect(pseudonymise(kr, 'a45e.60c2.197f', T0 + 7_200_000, 64)).toBe(a);
  });

  test('the same MAC on two days (two epochs) gives different pseudonyms', () => {
    const kr = createKeyring();
    expect(pseudonymise(kr, mac, T0, 64)).not.toBe(pseudonymise(kr, mac, T0 + DAY, 64));
  });

  test('after rotation the old key is wiped, unreachable and never recreated', () => {
    const rnd = trackingRandom();
    const records: KeyLifecycleRecord[] = [];
    const kr = createKeyring({ randomBytes: rnd.randomBytes, onLifecycle: (r) => records.push(r) });
    const before = pseudonymise(kr, mac, T0, 64);
    const oldId = kr.currentKeyId(T0);
    const oldKey = rnd.handed[0];
    expect(oldKey.some((b) => b !== 0)).toBe(true);

    pseudonymise(kr, mac, T0 + DAY, 64); // epoch change rotates
    expect(oldKey.every((b) => b === 0)).toBe(true);
    expect(kr.hasKey(oldId)).toBe(false);
    // Even a clock stepping back to the old epoch cannot bring the old pseudonym back.
    expect(pseudonymise(kr, mac, T0, 64)).not.toBe(before);
    expect(records.map((r) => r.event)).toEqual([
      'key-created',
      'key-created',
      'key-rotated',
      'key-destroyed',
    ]);
  });

  test('lifecycle records, JSON and inspect never contain key material', () => {
    const rnd = trackingRandom();
    const records: KeyLifecycleRecord[] = [];
    const kr = createKeyring({ randomBytes: rnd.randomBytes, onLifecycle: (r) => records.push(r) });
    kr.hmac('x', T0);
    const keyHex = Buffer.from(rnd.handed[0]).toString('hex');
    const keyB64 = Buffer.from(rnd.handed[0]).toString('base64');
    kr.rotate(T0 + 1000);
    const liveHex = rnd.handed[1].toString('hex');
    for (const text of [JSON.stringify(records), JSON.stringify(kr), inspect(kr, { depth: 5 })]) {
      expect(text).not.toContain(keyHex);
      expect(text).not.toContain(keyB64);
      expect(text).not.toContain(liveHex);
    }
    expect(records[0]).toMatchObject({
      event: 'key-created',
      epochStart: '2026-06-01T00:00:00.000Z',
    });
  });

  test('destroy wipes the live key', () => {
    const rnd = trackingRandom();
    const kr = createKeyring({ randomBytes: rnd.randomBytes });
    const id = kr.currentKeyId(T0);
    kr.destroy(T0);
    expect(rnd.handed[0].every((b) => b === 0)).toBe(true);
    expect(kr.hasKey(id)).toBe(false);
  });

  test('hmac is RFC 2104 HMAC-SHA256 (checked against node createHmac)', () => {
    const rnd = trackingRandom();
    const kr = createKeyring({ randomBytes: rnd.randomBytes });
    for (const m of ['', 'a45e60c2197f', 'é'.repeat(300), 'x'.repeat(2000)]) {
      const got = kr.hmac(m, T0);
      expect(got.equals(createHmac('sha256', rnd.handed[0]).update(m, 'utf8').digest())).toBe(true);
    }
  });

  test('truncation keeps exactly the configured number of bits', () => {
    const kr = createKeyring();
    for (const bits of [8, 10, 13, 16, 64]) {
      const tag = pseudonymise(kr, mac, T0, bits);
      expect(tag).toHaveLength(Math.ceil(bits / 4));
      expect(BigInt(`0x${tag}`) % 2n ** BigInt(Math.ceil(bits / 4) * 4 - bits)).toBe(0n);
    }
  });

  test('key ids name the holder and differ between two runs of the same holder in one epoch', () => {
    const a = createKeyring({ holder: 'node-a' });
    const again = createKeyring({ holder: 'node-a' });
    const odd = createKeyring({ holder: 'bad id/with spaces' });
    expect(a.currentKeyId(T0)).toMatch(/^k-2026-06-01T00:00:00Z-node-a\.[0-9a-f]{6}-1$/);
    expect(again.currentKeyId(T0)).not.toBe(a.currentKeyId(T0));
    // Only [A-Za-z0-9_.-] reach an id.
    expect(odd.currentKeyId(T0)).toMatch(
      /^k-2026-06-01T00:00:00Z-bad_id_with_spaces\.[0-9a-f]{6}-1$/,
    );
  });
});
