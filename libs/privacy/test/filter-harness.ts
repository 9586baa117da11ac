import {
  createKeyring,
  createPrivacyFilter,
  seededRandom,
  type FilteredReading,
  type FilterOutcome,
  type RuleSet,
} from '../src/index.js';
import { manualClock, scheveningenRules } from './fixtures.js';

export const LP = { lab: 'scheveningen', lamppost: 'lp-042' };

/** A filter over `rules` with a manual clock at `start`, a fresh keyring and seeded noise. */
export function setup(rules: RuleSet = scheveningenRules(), start = '2026-07-01T12:00:00Z') {
  const clock = manualClock(start);
  const filter = createPrivacyFilter({
    ruleSets: [rules],
    keyring: createKeyring(),
    clock: clock.now,
    maxFutureSkewMs: 5 * 60_000, // the hub's default HUB_MAX_CLOCK_SKEW_SEC
    random: seededRandom(7),
  });
  return { filter, clock, rules };
}

/** The readings of an outcome; fails the test with the refusal when it was rejected. */
export function emitted(o: FilterOutcome): FilteredReading[] {
  if (o.kind !== 'emit') throw new Error(`rejected: ${o.code} ${o.message}`);
  return o.readings;
}
