import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** Latencies recorded in microseconds (3 significant digits, up to 10 minutes), read in ms. */
export class LatencyHistogram {
  private readonly histogram: Histogram = build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  recordMs(ms: number): void {
    const micros = Math.max(1, Math.min(600_000_000, Math.round(ms * 1000)));
    this.histogram.recordValue(micros);
  }

  summary(): LatencySummary {
    const h = this.histogram;
    const ms = (micros: number): number => Math.round(micros) / 1000;
    // A percentile is read as the top of its bucket (3 significant digits), which can lie above
    // the largest value recorded: never report more than was seen.
    const at = (percentile: number): number =>
      ms(Math.min(h.getValueAtPercentile(percentile), h.maxValue));
    return {
      count: h.totalCount,
      p50Ms: at(50),
      p90Ms: at(90),
      p99Ms: at(99),
      maxMs: ms(h.maxValue),
      meanMs: ms(h.mean),
    };
  }
}
