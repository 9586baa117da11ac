import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mutableRules, scheveningenRules, withChanges } from '../../test/fixtures.js';
import { loadRuleSet, ruleProvenance } from './load-rule-set.js';
import { SENSOR_KINDS } from '@hub/contracts';
import type { RuleSet } from './rule-set.js';
import { isRuleSetInvalidError } from './rule-set.error.js';
import { validateRuleSet } from './validate-rule-set.js';

function issuesOf(rs: unknown): Array<{ path: string; reason: string }> {
  const r = validateRuleSet(rs);
  return r.ok ? [] : r.issues;
}

describe('rule sets', () => {
  test('the shipped Scheveningen rule set is valid and covers every kind', () => {
    const rs = scheveningenRules();
    expect(rs.lab).toBe('scheveningen');
    for (const kind of SENSOR_KINDS) expect(rs.kinds[kind]).toBeDefined();
    expect(Object.isFrozen(rs.kinds)).toBe(true);
  });

  test.each(['frame', 'pcm', 'identifiers', 'plate', 'trackId', 'bbox', 'macAddress', 'imageJpeg'])(
    'a rule that would expose the raw field "%s" is refused',
    (field) => {
      const rs = mutableRules(scheveningenRules());
      rs.kinds.temperature = {
        ...rs.kinds.temperature!,
        fields: { celsius: { type: 'measure' }, [field]: { type: 'measure' } },
      };
      const issues = issuesOf(rs);
      expect(issues).toContainEqual({
        path: `$.kinds.temperature.fields.${field}`,
        reason: expect.stringContaining('cannot be allowed') as unknown as string,
      });
    },
  );

  test('every issue is reported with its path, not just the first', () => {
    const rs = withChanges(scheveningenRules(), {
      version: 0,
      'kinds.sound.windowSeconds': 0.5,
      'kinds.camera.counts.k': 1,
      'kinds.radio.truncateBits': 256,
      'kinds.radio.passRaw': true,
      'kinds.microphone': {},
    });
    const paths = issuesOf(rs).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.version',
        '$.kinds.sound.windowSeconds',
        '$.kinds.camera.counts.k',
        '$.kinds.radio.truncateBits',
        '$.kinds.radio.passRaw',
        '$.kinds.microphone',
      ]),
    );
  });

  test('a rule asking for redacted calibration frames is refused: the hub keeps no images', () => {
    const rs = withChanges(scheveningenRules(), {
      'kinds.camera.redaction': {
        enabled: true,
        method: 'cover',
        coverClasses: ['face', 'plate'],
        maxFramesPerDay: 4,
        maxRetentionHours: 24,
      },
    });
    expect(issuesOf(rs)).toEqual([
      {
        path: '$.kinds.camera.redaction',
        reason:
          'not supported: the hub keeps no images, a calibration frame is dropped like every frame',
      },
    ]);
  });

  test('the loader throws a typed error listing the issues', () => {
    let caught: unknown;
    try {
      loadRuleSet(
        '{"id":"x","version":1,"lab":"x","kinds":{"sound":{"transform":"audio-levels"}}}',
      );
    } catch (e) {
      caught = e;
    }
    expect(isRuleSetInvalidError(caught)).toBe(true);
    if (isRuleSetInvalidError(caught)) expect(caught.issues.length).toBeGreaterThan(3);
    expect(() => loadRuleSet('not json')).toThrow(/not JSON/);
  });

  test('the hash ignores key order and formatting', () => {
    const rs = scheveningenRules();
    const reordered = JSON.parse(
      JSON.stringify({
        kinds: rs.kinds,
        lab: rs.lab,
        version: rs.version,
        id: rs.id,
        description: rs.description,
      }),
    ) as RuleSet;
    expect(ruleProvenance(reordered).hash).toBe(ruleProvenance(rs).hash);
    expect(ruleProvenance(rs).hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('property: changing any parameter of the rule set changes the hash', () => {
    const base = scheveningenRules();
    const baseHash = ruleProvenance(base).hash;
    const changes: Array<(v: number) => Record<string, unknown>> = [
      (v) => ({ version: base.version + 1 + v }),
      (v) => ({ 'kinds.camera.counts.k': 6 + v }),
      (v) => ({ 'kinds.sound.windowSeconds': 120 * (1 + (v % 3)) }),
      (v) => ({ 'kinds.radio.truncateBits': 17 + (v % 40) }),
      (v) => ({ 'kinds.temperature.fields.celsius.decimals': 2 + (v % 4) }),
      (v) => ({ 'kinds.camera.counts.noise.epsilon': 1.5 + v / 10 }),
      (v) => ({ 'kinds.camera.classes': ['person', 'car', 'bus'].slice(0, 1 + (v % 3)) }),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: changes.length - 1 }),
        fc.nat({ max: 20 }),
        (which, v) => {
          const copy = withChanges(base, changes[which](v));
          expect(validateRuleSet(copy).ok).toBe(true);
          expect(ruleProvenance(copy as RuleSet).hash).not.toBe(baseHash);
        },
      ),
    );
  });
});
