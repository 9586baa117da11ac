import type { RandomSource } from '../counts/random-source.js';
import { NoiseBudget } from '../counts/noise-budget.js';
import { locationKey, type GeneralisedLocation } from '../generalise/location.js';
import type { RuleStamp, SensorKind } from '@hub/contracts';
import type { FilteredReading } from './filter-types.js';
import type { WindowResult } from './window-types.js';

export interface Closable {
  /** True while part of its input is being processed elsewhere: flush() leaves it open then. */
  readonly busy?: boolean;
  close(opts: { random: RandomSource; spendBudget: (epsilon: number) => boolean }): WindowResult[];
}

export interface WindowSpec {
  key: string;
  lab: string;
  location: GeneralisedLocation;
  locationMode: string;
  kind: SensorKind;
  seconds: number;
  provenance: RuleStamp;
  ruleKey: string;
  /** Epsilon per UTC day for shared noisy readings of this stream, when the rule sets one. */
  dailyBudget?: number;
}

type OpenWindow = WindowSpec & { start: number; body: Closable };

/**
 * Open windows, at most one per stream (lab, location or device, kind). A message for a later
 * window closes the open one; a message for an earlier, already closed window is late.
 */
export class WindowStore {
  private readonly open = new Map<string, OpenWindow>();
  /** End of the last closed window per stream, to recognise late messages. */
  private readonly closedUntil = new Map<string, number>();
  readonly budget = new NoiseBudget();

  constructor(
    private readonly random: RandomSource,
    private readonly onShortWindow: (ruleKey: string) => void,
  ) {}

  /** The window for `atMs`, creating it (and closing the previous one into `out`). */
  windowFor<T extends Closable>(
    spec: WindowSpec,
    atMs: number,
    create: () => T,
    out: FilteredReading[],
  ): T | 'late' {
    const start = Math.floor(atMs / (spec.seconds * 1000)) * spec.seconds * 1000;
    const current = this.open.get(spec.key);
    if (current && current.start === start) return current.body as T;
    if (current && start < current.start) return 'late';
    if (!current && start < (this.closedUntil.get(spec.key) ?? -Infinity)) return 'late';
    if (current) out.push(...this.close(spec.key, current));
    const body = create();
    this.open.set(spec.key, { ...spec, start, body });
    return body;
  }

  /**
   * Close windows whose end is at or before `nowMs` (or all of them, on shutdown or a rule
   * change). A busy window (a chunk of it is being weighed on the audio thread) stays open until
   * the next flush, so the chunk's sums are in its levels.
   */
  flush(nowMs: number, all: boolean): FilteredReading[] {
    const out: FilteredReading[] = [];
    for (const [key, w] of this.open) {
      const due = w.start + w.seconds * 1000 <= nowMs && !w.body.busy;
      if (all || due) out.push(...this.close(key, w));
    }
    return out;
  }

  get openCount(): number {
    return this.open.size;
  }

  private close(key: string, w: OpenWindow): FilteredReading[] {
    this.open.delete(key);
    this.closedUntil.set(key, w.start + w.seconds * 1000);
    const stream = `${w.lab}|${locationKey(w.location)}|${w.kind}`;
    const results = w.body.close({
      random: this.random,
      spendBudget: (epsilon) => this.budget.trySpend(stream, w.start, epsilon, w.dailyBudget),
    });
    if (results.length === 0) this.onShortWindow(w.ruleKey);
    return results.map((r) => ({
      lab: w.lab,
      location: w.location,
      kind: w.kind,
      observedAt: new Date(w.start).toISOString(),
      intervalSeconds: w.seconds,
      audience: r.audience,
      values: r.values,
      rule: w.provenance,
      transforms: [...r.transforms, `time-window:${w.seconds}s`, `location:${w.locationMode}`],
    }));
  }
}
