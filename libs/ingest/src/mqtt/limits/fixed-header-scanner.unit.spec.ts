import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { FixedHeaderScanner } from './fixed-header-scanner.js';

/** Variable-length encoding of the remaining length [MQTT-2.2.3]. */
function encodeLength(length: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return bytes;
}

const packet = (type: number, bodyBytes: number): Buffer =>
  Buffer.from([
    (type << 4) | (type === 3 ? 2 : 0),
    ...encodeLength(bodyBytes),
    ...new Array<number>(bodyBytes).fill(7),
  ]);

describe('FixedHeaderScanner', () => {
  test('counts PUBLISH packets and skips bodies of other packets', () => {
    const scanner = new FixedHeaderScanner(1024);
    const stream = Buffer.concat([packet(1, 20), packet(3, 30), packet(12, 0), packet(3, 200)]);
    expect(scanner.scan(stream)).toEqual({ ok: true, publishes: 2, subscribes: 0 });
  });

  test('a declared 256 MiB packet is refused at its header, before any body arrives', () => {
    const scanner = new FixedHeaderScanner(1024 * 1024);
    const header = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]); // 268,435,455 bytes follow
    expect(scanner.scan(header)).toEqual({
      ok: false,
      violation: { code: 'PACKET_TOO_LARGE', declaredBytes: 1 + 4 + 268_435_455 },
    });
  });

  test('the limit counts the whole packet: fixed header included', () => {
    expect(new FixedHeaderScanner(102).scan(packet(3, 100))).toEqual({
      ok: true,
      publishes: 1,
      subscribes: 0,
    });
    expect(new FixedHeaderScanner(101).scan(packet(3, 100))).toMatchObject({ ok: false });
  });

  test('a fifth length byte is malformed [MQTT-2.2.3]', () => {
    const result = new FixedHeaderScanner(1024).scan(
      Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]),
    );
    expect(result).toEqual({ ok: false, violation: { code: 'MALFORMED_REMAINING_LENGTH' } });
  });

  test('a header split byte by byte across chunks is still read', () => {
    const scanner = new FixedHeaderScanner(1000);
    const header = Buffer.from([0x30, 0xe9, 0x07]); // 1001 bytes declared
    expect(scanner.scan(header.subarray(0, 1))).toEqual({ ok: true, publishes: 0, subscribes: 0 });
    expect(scanner.scan(header.subarray(1, 2))).toEqual({ ok: true, publishes: 0, subscribes: 0 });
    expect(scanner.scan(header.subarray(2))).toMatchObject({ ok: false });
  });

  test('any split of a valid stream gives the same count as the whole (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.integer({ min: 1, max: 14 }),
            body: fc.integer({ min: 0, max: 300 }),
          }),
          {
            maxLength: 20,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }),
        (packets, cuts) => {
          const stream = Buffer.concat(packets.map((p) => packet(p.type, p.body)));
          const expected = packets.filter((p) => p.type === 3).length;
          const scanner = new FixedHeaderScanner(1024);
          let counted = 0;
          let offset = 0;
          for (let i = 0; offset < stream.length; i++) {
            const size = cuts[i % cuts.length];
            const result = scanner.scan(stream.subarray(offset, offset + size));
            if (!result.ok) return false;
            counted += result.publishes;
            offset += size;
          }
          return counted === expected;
        },
      ),
    );
  });

  describe('SUBSCRIBE filters and packet identifiers', () => {
    const limits = { maxPacketBytes: 1 << 20, maxFiltersPerSubscribe: 3 };
    const str = (text: string) => [text.length >> 8, text.length & 0xff, ...Buffer.from(text)];
    const subscribe = (id: number, filters: string[]) => {
      const body = [id >> 8, id & 0xff, ...filters.flatMap((f) => [...str(f), 1])];
      return Buffer.from([0x82, ...encodeLength(body.length), ...body]);
    };
    const publishQos1 = (id: number) => {
      const body = [...str('a/b'), id >> 8, id & 0xff, 0x7b, 0x7d];
      return Buffer.from([0x32, ...encodeLength(body.length), ...body]);
    };

    test('up to the cap passes; one more filter is refused at its length, in any split', () => {
      expect(new FixedHeaderScanner(limits).scan(subscribe(1, ['a', 'b', 'c']))).toEqual({
        ok: true,
        publishes: 0,
        subscribes: 1, // metered like a PUBLISH (the rate limit)
      });
      const tooMany = subscribe(1, ['a', 'b', 'c', 'd']);
      for (let cut = 1; cut < tooMany.length; cut++) {
        const scanner = new FixedHeaderScanner(limits);
        const first = scanner.scan(tooMany.subarray(0, cut));
        const result = first.ok ? scanner.scan(tooMany.subarray(cut)) : first;
        expect(result).toEqual({ ok: false, violation: { code: 'TOO_MANY_FILTERS', limit: 3 } });
      }
    });

    test('18,000 filters are refused before the fourth filter is read', () => {
      const flood = subscribe(
        7,
        Array.from({ length: 18_000 }, (_, i) => `labs/l/lampposts/p/k${i}/rejected`),
      );
      const scanner = new FixedHeaderScanner(limits);
      // Only the first ~150 bytes are needed to decide.
      expect(scanner.scan(flood.subarray(0, 150))).toMatchObject({ ok: false });
    });

    test('packet identifier 0 is refused for SUBSCRIBE and QoS 1 PUBLISH [MQTT-2.3.1-1]', () => {
      expect(new FixedHeaderScanner(limits).scan(subscribe(0, ['a']))).toEqual({
        ok: false,
        violation: { code: 'PACKET_ID_ZERO', packetType: 'SUBSCRIBE' },
      });
      expect(new FixedHeaderScanner(limits).scan(publishQos1(0))).toEqual({
        ok: false,
        violation: { code: 'PACKET_ID_ZERO', packetType: 'PUBLISH' },
      });
      const scanner = new FixedHeaderScanner(limits);
      expect(scanner.scan(Buffer.concat([publishQos1(1), publishQos1(2)]))).toEqual({
        ok: true,
        publishes: 2,
        subscribes: 0,
      });
    });
  });
});
