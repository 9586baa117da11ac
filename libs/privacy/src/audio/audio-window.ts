import type { AudioRule } from '../rules/rule-set.js';
import type { ReadingValue } from '../filter/filter-types.js';
import type { WindowResult } from '../filter/window-types.js';
import type { LevelMeter } from './level-meter.js';

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * One LAeq,T window of one device: the level meter (constant memory) plus a tally of sound
 * classes from the fixed list (at most one counter per listed label).
 */
export class AudioWindow {
  private readonly classTally = new Map<string, number>();
  /** Chunks being weighed on another thread: the window must not close under them. */
  private pending = 0;
  private closed = false;

  get busy(): boolean {
    return this.pending > 0;
  }

  /** Closed (by a rule change or shutdown) while a chunk was being weighed elsewhere. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Marks a chunk in flight until the returned function is called. */
  weighing(): () => void {
    this.pending++;
    let done = false;
    return () => {
      if (!done) this.pending--;
      done = true;
    };
  }

  constructor(
    private readonly rule: AudioRule,
    readonly meter: LevelMeter,
  ) {}

  tallyClass(label: unknown, confidence: unknown): void {
    const sc = this.rule.soundClass;
    if (!sc || typeof label !== 'string' || typeof confidence !== 'number') return;
    if (!sc.labels.includes(label) || !(confidence >= sc.minConfidence)) return;
    this.classTally.set(label, (this.classTally.get(label) ?? 0) + 1);
  }

  /** Levels for the window, or nothing when less than 1 s was folded (T >= 1 s is enforced). */
  close(): WindowResult[] {
    this.closed = true;
    const s = this.meter.summarise();
    if (s.durationSeconds < 1) return [];
    const values: Record<string, ReadingValue> = {};
    for (const m of this.rule.metrics) values[m] = round1(s[m]);
    values.durationSeconds = round1(s.durationSeconds);
    const transforms = [
      'audio-levels',
      'a-weighting:iec61672',
      `sub-interval:${this.rule.subIntervalMs}ms`,
    ];
    if (s.octaveBands) {
      values.octaveBands = Object.fromEntries(
        Object.entries(s.octaveBands).map(([band, level]) => [band, round1(level)]),
      );
      transforms.push('octave-bands:63-8000');
    }
    if (this.rule.soundClass) {
      let best: string | null = null;
      let bestN = 0;
      for (const [label, n] of this.classTally) {
        if (n > bestN) [best, bestN] = [label, n];
      }
      values.soundClass = best;
      transforms.push(`sound-class:min-confidence=${this.rule.soundClass.minConfidence}`);
    }
    return [{ audience: 'any', values, transforms }];
  }
}
