import type { RuleStats } from '@hub/privacy';

/** Per "ruleSetId@version": the filter's counters, totalled over every run of the hub. */
export type StatsTotals = Record<string, RuleStats>;

const addCounts = (a: Record<string, number>, b: Record<string, number | undefined>) => {
  const out = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + (n ?? 0);
  return out;
};

/** `a + b`, key by key and counter by counter (neither input is changed). */
export function addStats(a: StatsTotals, b: StatsTotals): StatsTotals {
  const out: StatsTotals = structuredClone(a);
  for (const [key, s] of Object.entries(b)) {
    const t = out[key];
    out[key] = t
      ? {
          messagesFiltered: t.messagesFiltered + s.messagesFiltered,
          messagesRejected: addCounts(t.messagesRejected, s.messagesRejected),
          fieldsDropped: addCounts(t.fieldsDropped, s.fieldsDropped),
          readingsEmitted: t.readingsEmitted + s.readingsEmitted,
          lateMessages: t.lateMessages + s.lateMessages,
          shortWindowsDiscarded: t.shortWindowsDiscarded + s.shortWindowsDiscarded,
          // Totals saved before this counter existed lack it.
          countsSuppressed: (t.countsSuppressed ?? 0) + (s.countsSuppressed ?? 0),
        }
      : structuredClone(s);
  }
  return out;
}
