import { describe, expect, test } from '@jest/globals';
import { LP, setup } from '../../test/filter-harness.js';
import { mutableRules, scheveningenRules, sine, toBase64 } from '../../test/fixtures.js';
import { scanForRawData } from '../scan/scan-raw-data.js';

describe('privacy filter: canary', () => {
  test('canary PCM and JPEG bytes appear in no output', () => {
    const { filter } = setup(mutableRules(scheveningenRules()));
    const canaryPcm = sine(440, 80, 1, 48000);
    const canaryJpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('CANARY-JFIF'.repeat(50)),
    ]);
    const outcomes = [
      filter.process(LP, 'sound', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        sampleRate: 48000,
        pcm: toBase64(canaryPcm),
      }),
      filter.process(LP, 'camera', {
        seq: 1,
        observedAt: '2026-07-01T12:00:00Z',
        frame: canaryJpeg.toString('base64'),
        detections: [],
      }),
    ];
    const text = JSON.stringify([outcomes, filter.shutdown(), filter.stats()]);
    expect(scanForRawData(text)).toEqual([]);
    expect(text).not.toContain(toBase64(canaryPcm).slice(100, 140));
    expect(text).not.toContain('CANARY');
  });
});
