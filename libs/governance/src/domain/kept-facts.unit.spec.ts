import { describe, expect, test } from '@jest/globals';
import type { KindRules } from '@hub/privacy';
import { keptFacts } from './kept-facts.js';

const rules: KindRules = {
  temperature: {
    transform: 'allowlist',
    timeBucketSeconds: 60,
    location: { mode: 'lamppost' },
    fields: { celsius: { type: 'measure', decimals: 1 } },
  },
  camera: {
    transform: 'video-counts',
    windowSeconds: 300,
    classes: ['person', 'car'],
    minConfidence: 0.5,
    counts: { k: 5, noise: { epsilon: 1 } },
    maxTracksPerWindow: 100,
    location: { mode: 'grid', cellMeters: 250 },
  },
};

describe('keptFacts: what the public register says a rule keeps', () => {
  test('an allowlist keeps its fields per time bucket, at the lamppost, with no count protection', () => {
    expect(keptFacts('temperature', rules)).toEqual({
      values: ['celsius'],
      everySeconds: 60,
      place: 'lamppost',
      noise: false,
    });
  });

  test('a camera keeps class counts per window, generalised place, k, noise', () => {
    expect(keptFacts('camera', rules)).toEqual({
      values: ['person', 'car'],
      everySeconds: 300,
      place: 'grid',
      cellMeters: 250,
      minCount: 5,
      noise: true,
    });
  });

  test('a kind without a rule keeps nothing', () => {
    expect(keptFacts('radio', rules)).toBeUndefined();
  });
});
