import { describe, expect, test } from '@jest/globals';
import { emitted, LP, setup } from '../../test/filter-harness.js';
import { withChanges } from '../../test/fixtures.js';
import { ruleProvenance } from '../rules/load-rule-set.js';
import type { RuleSet } from '../rules/rule-set.js';

describe('privacy filter: rule changes', () => {
  test('replacing the rule set closes open windows under the old stamp; new readings carry the new hash', () => {
    const { filter, rules } = setup();
    const v2 = withChanges(rules, {
      version: 2,
      'kinds.temperature.fields.celsius.decimals': 0,
    }) as RuleSet;
    const ids = Array.from(
      { length: 11 },
      (_, i) => `a4:5e:60:00:01:${i.toString(16).padStart(2, '0')}`,
    );
    filter.process(LP, 'radio', {
      seq: 1,
      observedAt: '2026-07-01T12:00:00Z',
      technology: 'wifi',
      identifiers: ids,
    });
    const closed = filter.replaceRuleSets([v2]);
    expect(closed.length).toBeGreaterThan(0);
    for (const r of closed) expect(r.rule).toEqual(ruleProvenance(rules));
    const [t] = emitted(
      filter.process(LP, 'temperature', {
        seq: 2,
        observedAt: '2026-07-01T12:01:00Z',
        celsius: 21.46,
      }),
    );
    expect(t.rule).toEqual(ruleProvenance(v2));
    expect(t.rule.hash).not.toBe(ruleProvenance(rules).hash);
    expect(t.values.celsius).toBe(21);
  });
});
