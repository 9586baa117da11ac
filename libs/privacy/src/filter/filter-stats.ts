import type { RejectCode } from './filter-types.js';

/** Per rule version: what a privacy officer needs to see (counts and field names, never values). */
export interface RuleStats {
  messagesFiltered: number;
  messagesRejected: Partial<Record<RejectCode, number>>;
  fieldsDropped: Record<string, number>;
  readingsEmitted: number;
  lateMessages: number;
  shortWindowsDiscarded: number;
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

  /** A deep copy keyed by "ruleSetId@version" ("none" for messages no rule set matched). */
  snapshot(): Record<string, RuleStats> {
    return structuredClone(Object.fromEntries(this.byRule));
  }
}
