import { splitByAudience } from '../counts/audience-split.js';
import { floorToBucket } from '../generalise/time-bucket.js';
import { allowlistTransforms } from './transform-names.js';
import type { SensorKind } from '@hub/contracts';
import type { AllowlistRule } from '../rules/rule-set.js';
import type { ReadingValue } from './filter-types.js';
import type { HandlerResult, KindContext } from './kind-context.js';

/**
 * Deny-by-default allowlist for simple kinds: only named numeric fields pass, rounded; count
 * fields are suppressed below k (and noised for shared audiences). Emitted immediately.
 */
export function handleAllowlist(
  ctx: KindContext,
  kind: SensorKind,
  rule: AllowlistRule,
): HandlerResult {
  const p = ctx.env.payload;
  const kept: string[] = [];
  const measures: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const [name, spec] of Object.entries(rule.fields)) {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    kept.push(name);
    const f = 10 ** (spec.decimals ?? 6);
    const rounded = Math.round(v * f) / f;
    if (spec.type === 'count') counts[name] = Math.max(0, Math.round(v));
    else measures[name] = rounded;
  }
  if (kept.length === 0) return { readings: [], kept };
  const bucket = floorToBucket(ctx.env.observedAtMs, rule.timeBucketSeconds);
  const base = allowlistTransforms(rule);
  const build = (count: (n: number) => number | null): Record<string, ReadingValue> => {
    const values: Record<string, ReadingValue> = { ...measures };
    for (const [name, n] of Object.entries(counts)) values[name] = count(n);
    return values;
  };
  const stream = `${ctx.device.lab}|${ctx.locationKey}|${kind}`;
  const results =
    Object.keys(counts).length > 0 && rule.counts
      ? splitByAudience(
          rule.counts,
          build,
          {
            random: ctx.random,
            ownerOnlyExtras: false,
            spendBudget: (eps) =>
              ctx.windows.budget.trySpend(stream, bucket, eps, rule.counts?.noise?.dailyBudget),
          },
          base,
        )
      : [{ audience: 'any' as const, values: build((n) => n), transforms: base }];
  return {
    kept,
    readings: results.map((r) => ({
      lab: ctx.device.lab,
      location: ctx.location,
      kind,
      observedAt: new Date(bucket).toISOString(),
      intervalSeconds: rule.timeBucketSeconds,
      audience: r.audience,
      values: r.values,
      rule: ctx.provenance,
      transforms: r.transforms,
    })),
  };
}
