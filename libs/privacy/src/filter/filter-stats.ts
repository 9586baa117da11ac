import type { RejectCode } from './filter-types.js';

/** Per rule version: what a privacy officer needs to see (counts and field names, never values). */
export interface RuleStats {
  messagesFiltered: number;
  messagesRejected: Partial<Record<RejectCode, number>>;
  fieldsDropped: Record<string, number>;
  readingsEmitted: number;
  lateMessages: number;
  shortWindowsDiscarded: number;
  /** Counts published as null because 0 < n < k (small-count suppression). */
  countsSuppressed: number;
}

export class FilterStats {
  private readonly byRule = new Map<string, RuleStats>();

  for(ruleKey: string): RuleStats {
    let s = this.byRule.get(ruleKey);
    if (!s) {
      s = {
        messagesFiltered: 0,
        messagesRejected: {},
        fieldsDropped: {},
        readingsEmitted: 0,
        lateMessages: 0,
        shortWindowsDiscarded: 0,
        countsSuppressed: 0,
      };
      this.byRule.set(ruleKey, s);
    }
    return s;
  }

  rejected(ruleKey: string, code: RejectCode): void {
    const s = this.for(ruleKey);
    s.messagesRejected[code] = (s.messagesRejected[code] ?? 0) + 1;
  }

  dropped(ruleKey: string, fields: string[]): void {
    const s = this.for(ruleKey);
    for (const f of fields) s.fieldsDropped[f] = (s.fieldsDropped[f] ?? 0) + 1;
  }

  /** Counts what the filter emitted, including the counts it suppressed (published as null). */
  emitted(ruleKey: string, readings: readonly { values: unknown }[]): void {
    const s = this.for(ruleKey);
    s.readingsEmitted += readings.length;
    for (const r of readings) s.countsSuppressed += countNulls(r.values);
  }

  /** A deep copy keyed by "ruleSetId@version" ("none" for messages no rule set matched). */
  snapshot(): Record<string, RuleStats> {
    return structuredClone(Object.fromEntries(this.byRule));
  }
}

/** Suppressed counts are the only nulls a filtered reading carries. */
function countNulls(value: unknown): number {
  if (value === null) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countNulls(v), 0);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).reduce((n: number, v) => n + countNulls(v), 0);
  }
  return 0;
}
