import { RadioWindow } from '../pseudonym/radio-window.js';
import type { RadioRule } from '../rules/rule-set.js';
import { reject, type FilteredReading } from './filter-types.js';
import type { HandlerResult, KindContext } from './kind-context.js';

const MAX_IDENTIFIERS_PER_MESSAGE = 10_000;

/** Radio: identifiers -> keyed tags -> unique-device counts in the location's open window. */
export function handleRadio(ctx: KindContext, rule: RadioRule): HandlerResult {
  const p = ctx.env.payload;
  if (typeof p.technology !== 'string' || !rule.technologies.includes(p.technology)) {
    return reject('RULE_MISSING', 'no rule for this radio technology', 'technology');
  }
  const ids = p.identifiers;
  if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string')) {
    return reject('PAYLOAD_INVALID', 'identifiers must be a list of strings', 'identifiers');
  }
  if (ids.length > MAX_IDENTIFIERS_PER_MESSAGE) {
    return reject(
      'PAYLOAD_TOO_LARGE',
      `more than ${MAX_IDENTIFIERS_PER_MESSAGE} identifiers`,
      'identifiers',
    );
  }
  const readings: FilteredReading[] = [];
  const win = ctx.windows.windowFor(
    ctx.spec(
      `${ctx.device.lab}|${ctx.locationKey}|radio`,
      rule.windowSeconds,
      rule.counts.noise?.dailyBudget,
    ),
    ctx.env.observedAtMs,
    () => new RadioWindow(rule),
    readings,
  );
  if (win === 'late') return { readings, note: 'late-for-window' };
  win.add(p.technology, ids, ctx.keyring, ctx.nowMs);
  return { readings };
}
