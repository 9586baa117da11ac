import { describe, expect, test } from '@jest/globals';
import { LatencyHistogram } from './histogram.js';

describe('LatencyHistogram', () => {
  test('no percentile is reported above the largest latency recorded', () => {
    // 4,390.98 ms falls in a bucket about 2 ms wide; its top lies above the value itself.
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 100; i++) histogram.recordMs(4390.98);
    const summary = histogram.summary();
    expect(summary.maxMs).toBe(4390.98);
    expect([summary.p50Ms, summary.p90Ms, summary.p99Ms]).toEqual([4390.98, 4390.98, 4390.98]);
  });

  test('percentiles still order the recorded latencies', () => {
    const histogram = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) histogram.recordMs(i);
    const summary = histogram.summary();
    expect(summary.p50Ms).toBeCloseTo(50, 0);
    expect(summary.p99Ms).toBeCloseTo(99, 0);
    expect(summary.maxMs).toBe(100);
  });
});
