import { SENSOR_KINDS } from '@hub/contracts';
import type { KindName, RuleContent } from './desk-api';
import type { DeskMessages } from './messages';

/** One sensor kind's rule as the desk shows it: each fact in the reader's language. */
export interface KindFacts {
  readonly kind: KindName;
  readonly ruled: boolean;
  readonly kept: string;
  readonly window: string;
  readonly k: string;
  readonly epsilon: string;
}

type Rule = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : '');

function kept(kind: KindName, r: Rule, t: DeskMessages): string {
  switch (kind) {
    case 'temperature':
    case 'air':
    case 'motion': {
      const fields = Object.entries((r.fields ?? {}) as Record<string, { decimals?: number }>)
        .map(([name, f]) =>
          f.decimals !== undefined ? `${name} (${t.decimals(f.decimals)})` : name,
        )
        .join(', ');
      return t.keepsFields(fields);
    }
    case 'sound':
      return t.keepsLevels(list(r.metrics));
    case 'camera':
      return t.keepsCounts(list(r.classes));
    case 'radio':
      return t.keepsDevices;
  }
}

/** The facts of every kind of a rule set, from its structured content (not the hub's prose). */
export function kindFacts(content: RuleContent, t: DeskMessages): KindFacts[] {
  return SENSOR_KINDS.map((kind) => {
    const r = content.kinds[kind];
    if (!r)
      return { kind, ruled: false, kept: t.noRule, window: t.none, k: t.none, epsilon: t.none };
    const seconds = num(r.windowSeconds) ?? num(r.timeBucketSeconds);
    const counts = r.counts as { k?: number; noise?: { epsilon?: number } } | undefined;
    return {
      kind,
      ruled: true,
      kept: kept(kind, r, t),
      window: seconds !== undefined ? t.seconds(seconds) : t.none,
      k: counts?.k !== undefined ? String(counts.k) : t.none,
      epsilon:
        counts?.noise?.epsilon !== undefined
          ? String(counts.noise.epsilon)
          : counts
            ? t.noNoise
            : t.none,
    };
  });
}

/** Retention per kind from the report's policy lines ("lp-001 camera: kept 30 days"). */
export function retentionOf(kind: KindName, policy: readonly string[], t: DeskMessages): string {
  const days = new Set<string>();
  for (const line of policy) {
    const m = /^\S+ (\w+): kept (\d+) days$/.exec(line);
    if (m && m[1] === kind) days.add(m[2]);
  }
  return days.size === 0 ? t.retentionNotSet : [...days].map(t.retentionDays).join(', ');
}
