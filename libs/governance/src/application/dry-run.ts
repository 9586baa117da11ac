import { createKeyring, createPrivacyFilter, seededRandom, type RuleSet } from '@hub/privacy';
import { diffOutcomes, type OutputDiff, type SampleOutcome } from '../domain/output-diff.js';

export interface DryRunSample {
  readonly kind: string;
  readonly lamppost: string;
  readonly payload: unknown;
  readonly source: 'inline' | 'preset';
  /** Grid rules need the lamppost position. */
  readonly position?: { lat: number; lon: number };
}

export interface DryRunSampleResult extends OutputDiff {
  readonly index: number;
  readonly kind: string;
  readonly lamppost: string;
  readonly source: 'inline' | 'preset';
  readonly active: SampleOutcome | undefined;
  readonly proposal: SampleOutcome;
}

export interface DryRunResult {
  readonly samples: DryRunSampleResult[];
  readonly newlyExposed: string[];
  readonly newlyDropped: string[];
  /** Every distinct difference over all samples, in words. */
  readonly lines: string[];
}

const NO_RULES: SampleOutcome = {
  outcome: 'reject',
  code: 'RULE_MISSING',
  readings: [],
  dropped: [],
};

/**
 * Runs one sample through a throwaway filter with its own test keyring (never the live one,
 * whose key must not be used outside the hub's own pipeline) and a fixed seed, then closes every
 * window so windowed kinds show what they would emit. Nothing is stored.
 */
function runSample(ruleSet: RuleSet, sample: DryRunSample, nowMs: number): SampleOutcome {
  const keyring = createKeyring();
  const observed = Date.parse(String((sample.payload as { observedAt?: unknown })?.observedAt));
  const clock = Number.isFinite(observed) ? Math.max(nowMs, observed) : nowMs;
  const filter = createPrivacyFilter({
    ruleSets: [ruleSet],
    keyring,
    clock: () => clock,
    // The clock above is never behind the sample's observedAt, so no skew is needed.
    maxFutureSkewMs: 0,
    random: seededRandom(1),
  });
  try {
    const device = {
      lab: ruleSet.lab,
      lamppost: sample.lamppost,
      ...(sample.position && { position: sample.position }),
    };
    const outcome = filter.process(device, sample.kind, sample.payload);
    if (outcome.kind === 'reject') {
      return { outcome: 'reject', code: outcome.code, readings: [], dropped: [] };
    }
    return {
      outcome: 'emit',
      readings: [...outcome.readings, ...filter.shutdown()],
      dropped: outcome.dropped,
    };
  } finally {
    keyring.destroy(clock);
  }
}

export function dryRun(
  active: RuleSet | undefined,
  proposal: RuleSet,
  samples: readonly DryRunSample[],
  nowMs: number,
): DryRunResult {
  const results = samples.map((sample, index): DryRunSampleResult => {
    const a = active ? runSample(active, sample, nowMs) : undefined;
    const p = runSample(proposal, sample, nowMs);
    return {
      index,
      kind: sample.kind,
      lamppost: sample.lamppost,
      source: sample.source,
      active: a,
      proposal: p,
      ...diffOutcomes(a ?? NO_RULES, p),
    };
  });
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    samples: results,
    newlyExposed: uniq(results.flatMap((r) => r.newlyExposed)),
    newlyDropped: uniq(results.flatMap((r) => r.newlyDropped)),
    lines: [...new Set(results.flatMap((r) => r.lines))],
  };
}
