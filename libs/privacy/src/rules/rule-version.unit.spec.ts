import { describe, expect, test } from '@jest/globals';
import { emitted, LP, setup } from '../../test/filter-harness.js';
import { mutableRules, scheveningenRules } from '../../test/fixtures.js';
import { ruleProvenance } from './load-rule-set.js';
import { resolveRuleVersion } from './rule-version.js';

/**
 * A compact reading's transforms come from its rule version (decision 0013): what the version
 * derives for a kind and audience must be what the filter named, for every allowlist case.
 */
describe('resolveRuleVersion', () => {
  test('its stamp is the rule set`s provenance', () => {
    const rules = scheveningenRules();
    const { hash } = ruleProvenance(rules);
    expect(resolveRuleVersion(rules, hash).stamp).toEqual(ruleProvenance(rules));
  });

  test('derives the transforms the filter names for a measure kind', () => {
    const { filter, rules } = setup();
    const out = emitted(
      filter.process(LP, 'temperature', {
        seq: 1,
        observedAt: '2026-07-01T12:00:10Z',
        celsius: 20,
      }),
    );
    const v = resolveRuleVersion(rules, ruleProvenance(rules).hash);
    for (const r of out) expect(v.transforms(r.kind, r.audience)).toEqual(r.transforms);
  });

  test('derives them for counts with and without noise, for the owner and the shared copy', () => {
    const noisy = mutableRules(scheveningenRules()) as ReturnType<typeof scheveningenRules> & {
      kinds: { motion: { counts: { k: number; noise?: { epsilon: number } } } };
    };
    noisy.kinds.motion.counts.noise = { epsilon: 0.5 };
    for (const rules of [scheveningenRules(), noisy]) {
      const { filter } = setup(rules);
      const out = emitted(
        filter.process(LP, 'motion', { seq: 1, observedAt: '2026-07-01T12:00:10Z', events: 9 }),
      );
      const v = resolveRuleVersion(rules, ruleProvenance(rules).hash);
      expect(out.length).toBe(rules === noisy ? 2 : 1);
      for (const r of out) expect(v.transforms(r.kind, r.audience)).toEqual(r.transforms);
    }
  });

  test('fixes no transforms for kinds whose transforms depend on the data', () => {
    const rules = scheveningenRules();
    const v = resolveRuleVersion(rules, ruleProvenance(rules).hash);
    for (const kind of ['sound', 'camera', 'radio', 'unknown']) {
      expect(v.transforms(kind, 'any')).toBeUndefined();
    }
  });
});
