import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import type { RuleStats } from '@hub/privacy';
import { canonicalJson } from '@hub/privacy';
import { addStats, type StatsTotals } from '../domain/stats-totals.js';

export const FILTER_STATS_STREAM = 'privacy-filter-stats';
export const FILTER_STATS_RECORDED = 'FilterStatsRecorded';

export interface FilterStatsRecorded {
  /** Totals over every run so far, per "ruleSetId@version". */
  readonly totals: StatsTotals;
  readonly runId: string;
  readonly recordedAt: string;
}

/**
 * Keeps the filter's counters across restarts: the filter counts only since it started, so each
 * record holds the totals of earlier runs plus this run's counts. The last record is the base of
 * the next run. A crash loses at most the counts since the last record.
 */
export class FilterStatsRecorder {
  private base: StatsTotals = {};
  private lastRecorded = '';
  private readonly runId = randomUUID();

  constructor(
    private readonly store: EventStore,
    private readonly live: () => Record<string, RuleStats>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async load(): Promise<void> {
    const [last] = await this.store.readStream(FILTER_STATS_STREAM, {
      direction: 'backwards',
      maxCount: 1,
    });
    this.base = last ? (last.data as FilterStatsRecorded).totals : {};
    this.lastRecorded = canonicalJson(this.base);
  }

  /** Totals over every run including the live counts of this one. */
  totals(): StatsTotals {
    return addStats(this.base, this.live());
  }

  /** Appends a record when anything changed since the last one. */
  async record(): Promise<boolean> {
    const totals = this.totals();
    const text = canonicalJson(totals);
    if (text === this.lastRecorded) return false;
    const data: FilterStatsRecorded = {
      totals,
      runId: this.runId,
      recordedAt: this.clock().toISOString(),
    };
    await this.store.appendToStream(FILTER_STATS_STREAM, [
      { id: randomUUID(), type: FILTER_STATS_RECORDED, data },
    ]);
    this.lastRecorded = text;
    return true;
  }
}
