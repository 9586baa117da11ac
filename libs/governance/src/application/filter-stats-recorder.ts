import { randomUUID } from 'node:crypto';
import type { EventStore } from '@hub/event-store';
import type { RuleStats } from '@hub/privacy';
import { canonicalJson } from '@hub/privacy';
import { addStats, type StatsTotals } from '../domain/stats-totals.js';

export const FILTER_STATS_STREAM = 'privacy-filter-stats';
export const FILTER_STATS_RECORDED = 'FilterStatsRecorded';

/**
 * Each node keeps its own lineage of totals in its own stream; the default node `hub` keeps the
 * stream name of a single hub, so its earlier totals carry on.
 */
export const filterStatsStream = (node: string): string =>
  node === 'hub' ? FILTER_STATS_STREAM : `${FILTER_STATS_STREAM}-${node}`;

export interface FilterStatsRecorded {
  /** Totals over every run so far, per "ruleSetId@version". */
  readonly totals: StatsTotals;
  readonly runId: string;
  readonly recordedAt: string;
  /** The node (HUB_NODE_ID) whose runs these are; absent in records of single hubs before it. */
  readonly node?: string;
}

/**
 * Keeps the filter's counters across restarts: the filter counts only since it started, so each
 * record holds the totals of earlier runs plus this run's counts. The last record is the base of
 * the next run. A crash loses at most the counts since the last record. Several nodes on one log
 * each continue their own lineage (their own stream), so no node takes another's totals as its
 * base, which would count them twice or lose its own.
 */
export class FilterStatsRecorder {
  private base: StatsTotals = {};
  private lastRecorded = '';
  private readonly runId = randomUUID();
  private readonly stream: string;
  private readonly clock: () => Date;
  private readonly keptElsewhere?: () => Promise<StatsTotals>;

  constructor(
    private readonly store: EventStore,
    private readonly live: () => Record<string, RuleStats>,
    /** HUB_NODE_ID. */
    private readonly node: string,
    options: {
      readonly clock?: () => Date;
      /** The totals as another thread of this node keeps them (FilterControl.totalsKeptElsewhere). */
      readonly keptElsewhere?: () => Promise<StatsTotals>;
    } = {},
  ) {
    this.stream = filterStatsStream(node);
    this.clock = options.clock ?? (() => new Date());
    this.keptElsewhere = options.keptElsewhere;
  }

  async load(): Promise<void> {
    if (this.keptElsewhere) return;
    const [last] = await this.store.readStream(this.stream, {
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

  /**
   * The node's totals now: this thread's, or, where another thread keeps them (the broker's, for
   * the API's thread), theirs, asked at the moment, so a message already acknowledged is counted.
   */
  currentTotals(): Promise<StatsTotals> {
    return this.keptElsewhere ? this.keptElsewhere() : Promise.resolve(this.totals());
  }

  /** Appends a record when anything changed since the last one. */
  async record(): Promise<boolean> {
    // The thread that keeps the totals records them; a second record would count them twice.
    if (this.keptElsewhere) return false;
    const totals = this.totals();
    const text = canonicalJson(totals);
    if (text === this.lastRecorded) return false;
    const data: FilterStatsRecorded = {
      totals,
      runId: this.runId,
      recordedAt: this.clock().toISOString(),
      node: this.node,
    };
    await this.store.appendToStream(this.stream, [
      { id: randomUUID(), type: FILTER_STATS_RECORDED, data },
    ]);
    this.lastRecorded = text;
    return true;
  }
}
