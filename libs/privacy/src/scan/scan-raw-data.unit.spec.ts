import { describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { scanForRawData, summariseFindings } from './scan-raw-data.js';

const signatures = (input: Uint8Array | string) =>
  scanForRawData(input, 'test').map((f) => f.signature);

describe('scanForRawData', () => {
  test('finds binary magic numbers with their offsets and location', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":1}'),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('xx'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt '),
    ]);
    const found = scanForRawData(bytes, 'events.db');
    expect(found).toEqual(
      expect.arrayContaining([
        {
          signature: 'jpeg-magic',
          offset: 7,
          length: 3,
          location: 'events.db',
          encoding: 'binary',
        },
        {
          signature: 'png-magic',
          offset: 13,
          length: 8,
          location: 'events.db',
          encoding: 'binary',
        },
        {
          signature: 'riff-magic',
          offset: 21,
          length: 12,
          location: 'events.db',
          encoding: 'binary',
        },
      ]),
    );
  });

  test('finds base64-encoded media in JSON text', () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(400)]).toString(
      'base64',
    );
    const wav = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVE'), randomBytes(40)]).toString(
      'base64',
    );
    const text = JSON.stringify({ frame: jpeg, pcm: wav });
    const sigs = signatures(text);
    expect(sigs).toContain('jpeg-magic');
    expect(sigs).toContain('riff-magic');
    expect(sigs).toContain('base64-run');
    expect(summariseFindings(scanForRawData(text))['jpeg-magic']).toBe(1);
  });

  test('finds long binary runs (raw PCM) but not UTF-8 text', () => {
    const pcm = new Int16Array(512).map((_, i) => Math.round(300 * Math.sin(i / 5)));
    expect(signatures(new Uint8Array(pcm.buffer))).toContain('binary-run');
    expect(signatures(randomBytes(256))).toContain('binary-run');
    const dutch = Buffer.from(
      'Gemeente ’s-Gravenhage: geluidsniveau op de Boulevard, café Zeezicht. '.repeat(20),
    );
    expect(signatures(dutch)).toEqual([]);
  });

  test('finds MAC addresses and Dutch plates', () => {
    const text =
      'seen a4:5e:60:c2:19:7f and A4-5E-60-C2-19-80 and a45e.60c2.1981; car 12-ABC-3 and GB-12-34';
    const found = scanForRawData(text);
    expect(found.filter((f) => f.signature === 'mac-address')).toHaveLength(3);
    expect(
      found
        .filter((f) => f.signature === 'plate')
        .map((f) => text.slice(f.offset, f.offset + f.length)),
    ).toEqual(['12-ABC-3', 'GB-12-34']);
  });

  test('ordinary event JSON is clean: hashes, pseudonyms, dates, UUIDs, IPv6, levels', () => {
    const event = JSON.stringify({
      id: '3f1e8a4c-9b2d-4c1e-8f3a-2b7c9d0e1f2a',
      at: '2026-11-28T10:15:00.000Z',
      rule: {
        id: 'scheveningen-default',
        version: 3,
        hash: createHash('sha256').update('x').digest('hex'),
      },
      tags: ['a3f9', '0b7e21', createHash('sha256').update('y').digest('hex').toUpperCase()],
      ip: 'fe80::1ff:fe23:4567:890a',
      values: { LAeq: 63.2, counts: [{ class: 'person', direction: 'in', count: 12 }] },
      time: '12:30:45',
      version: '1.2.3-rc.4',
    });
    expect(scanForRawData(event)).toEqual([]);
  });
});
