import { silentLogger, type HubLogger } from '@hub/contracts';
import type { JobLease } from '@hub/event-store';
import type { FilterStatsRecorder } from './filter-stats-recorder.js';
import type { RuleLifecycle } from './rule-lifecycle.js';

/** How often the hub checks for a due activation: the switch happens within this of its time. */
export const ACTIVATION_TICK_MS = 100;
/** How often the filter's counters are written to the log. */
export const STATS_EVERY_MS = 60_000;

/**
 * The governance context's timers: switches scheduled rule versions at their effective time
 * (without a restart) and writes the filter's counters to the log periodically.
 */
export class GovernanceRuntime {
  private activationTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private activating = false;

  /**
   * `activation`: the lease on switching scheduled versions (once per log: on a shared log only
   * the node holding it switches, the others follow the log); undefined on a node without the
   * `timers` role. The statistics are this node's filter's and are written by every node.
   * `logger`: where a failed activation or statistics write is reported (the timers go on).
   */
  constructor(
    private readonly lifecycle: RuleLifecycle,
    private readonly stats: FilterStatsRecorder,
    private readonly activation: JobLease | undefined,
    private readonly logger: HubLogger = silentLogger,
  ) {}

  start(): void {
    if (this.activation) {
      this.activationTimer = setInterval(() => void this.tick(), ACTIVATION_TICK_MS);
      this.activationTimer.unref();
    }
    this.statsTimer = setInterval(() => void this.recordStats(), STATS_EVERY_MS);
    this.statsTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.activationTimer);
    clearInterval(this.statsTimer);
    while (this.activating) await new Promise((r) => setTimeout(r, 10));
    await this.activation?.close();
    await this.recordStats();
  }

  private async tick(): Promise<void> {
    const next = this.lifecycle.nextEffectiveAt();
    if (this.activating || next === undefined || next > Date.now()) return;
    this.activating = true;
    try {
      if (await this.activation?.held()) await this.lifecycle.activateDue();
    } catch (error) {
      this.logger.error('could not activate a scheduled rule version', { err: String(error) });
    } finally {
      this.activating = false;
    }
  }

  private async recordStats(): Promise<void> {
    try {
      await this.stats.record();
    } catch (error) {
      this.logger.error('could not record the filter statistics', { err: String(error) });
    }
  }
}
