import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import type { Principal } from '@hub/access';
import type { RuleSet } from '@hub/privacy';
import {
  GovernanceForbiddenError,
  LifecycleConflictError,
  RuleSetRefusedError,
} from './governance-errors.js';
import {
  decideApprove,
  decidePropose,
  decideRetire,
  decideScheduleActivation,
  type DecisionContext,
} from './rule-decisions.js';
import type { RuleEvent } from './rule-events.js';
import { applyRuleEvent, emptyHistory, type LabRuleHistory } from './rule-history.js';

const base = JSON.parse(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8')) as RuleSet;
const officer = (tokenId: string, municipality = 'den-haag'): Principal => ({
  role: 'privacy-officer',
  subject: `privacy-officer:${municipality}:${tokenId}`,
  tokenId,
  municipality,
});
const partner: Principal = {
  role: 'partner',
  subject: 'partner:scheveningen:p1',
  tokenId: 'p1',
  lab: 'scheveningen',
};
const admin: Principal = { role: 'admin', subject: 'admin', tokenId: 'admin' };
const ctx = (principal: Principal, owner: string | null = 'den-haag'): DecisionContext => ({
  principal,
  owner: owner ?? undefined,
  now: new Date('2026-07-01T10:00:00Z'),
});

function proposed(by: Principal): LabRuleHistory {
  const h = emptyHistory('scheveningen');
  const apply = (e: RuleEvent) => applyRuleEvent(h, e);
  apply({
    type: 'RuleSetBootstrapped',
    data: {
      lab: 'scheveningen',
      version: 1,
      ruleSetId: base.id,
      hash: 'h1',
      content: base,
      source: 'file',
      at: '2026-06-01T00:00:00Z',
    },
  });
  apply(
    decidePropose(
      h,
      { lab: 'scheveningen', content: { ...base, version: 2 }, reason: 'r', reference: 'DPIA-1' },
      ctx(by),
    ),
  );
  return h;
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('rule lifecycle decisions', () => {
  test('nobody approves their own proposal, whatever their role', () => {
    const h = proposed(officer('a'));
    const e = refusal(() => decideApprove(h, 2, undefined, ctx(officer('a'))));
    expect(e).toBeInstanceOf(GovernanceForbiddenError);
    expect((e as GovernanceForbiddenError).reason).toBe('SELF_APPROVAL');
    expect(
      (refusal(() => decideApprove(h, 2, undefined, ctx(admin))) as GovernanceForbiddenError)
        .reason,
    ).toBe('ROLE_NOT_ALLOWED');
    expect(decideApprove(h, 2, 'ok', ctx(officer('b'))).type).toBe('RuleSetApproved');
  });

  test('only officers of the owning municipality approve; an unknown owner is refused', () => {
    const h = proposed(partner);
    expect(
      (
        refusal(() =>
          decideApprove(h, 2, undefined, ctx(officer('x', 'leiden'))),
        ) as GovernanceForbiddenError
      ).reason,
    ).toBe('OUT_OF_SCOPE');
    expect(
      (
        refusal(() =>
          decideApprove(h, 2, undefined, ctx(officer('b'), null)),
        ) as GovernanceForbiddenError
      ).reason,
    ).toBe('LAB_OWNER_UNKNOWN');
  });

  test('an unapproved version cannot be activated, not even by an admin', () => {
    const h = proposed(partner);
    const e = refusal(() => decideScheduleActivation(h, 2, undefined, ctx(admin)));
    expect(e).toBeInstanceOf(LifecycleConflictError);
    expect((e as LifecycleConflictError).reason).toBe('NOT_APPROVED');
  });

  test('a past effective time means now; a bad one is refused', () => {
    const h = proposed(partner);
    applyRuleEvent(h, decideApprove(h, 2, undefined, ctx(officer('b'))));
    const e = decideScheduleActivation(h, 2, '2020-01-01T00:00:00Z', ctx(officer('b')));
    expect(e.data).toMatchObject({ effectiveAt: '2026-07-01T10:00:00.000Z' });
    expect(
      refusal(() => decideScheduleActivation(h, 2, 'tomorrow', ctx(officer('b')))),
    ).toHaveProperty('reason', 'BAD_TIME');
  });

  test('a proposal exposing raw data, for another lab, or with an old version number lists every problem', () => {
    const h = proposed(partner);
    const bad = structuredClone(base) as unknown as {
      lab: string;
      version: number;
      kinds: { camera: Record<string, unknown> };
    };
    bad.lab = 'katwijk';
    bad.version = 2;
    bad.kinds.camera.frame = true;
    const e = refusal(() =>
      decidePropose(
        h,
        { lab: 'scheveningen', content: bad, reason: 'r', reference: 'x' },
        ctx(partner),
      ),
    );
    expect(e).toBeInstanceOf(RuleSetRefusedError);
    expect((e as RuleSetRefusedError).issues.map((i) => i.path)).toContain('$.kinds.camera.frame');
    const wrongLab = refusal(() =>
      decidePropose(
        h,
        {
          lab: 'scheveningen',
          content: { ...base, lab: 'katwijk', version: 3 },
          reason: 'r',
          reference: 'x',
        },
        ctx(partner),
      ),
    ) as RuleSetRefusedError;
    expect(wrongLab.issues.map((i) => i.path)).toEqual(['$.lab']);
    const old = refusal(() =>
      decidePropose(
        h,
        { lab: 'scheveningen', content: { ...base, version: 2 }, reason: 'r', reference: 'x' },
        ctx(partner),
      ),
    ) as RuleSetRefusedError;
    expect(old.issues).toEqual([
      {
        path: '$.version',
        reason: 'must be at least 3 (higher than every version of lab "scheveningen" so far)',
      },
    ]);
  });

  test('only the active version can be retired', () => {
    const h = proposed(partner);
    expect(decideRetire(h, 1, 'sensors removed', ctx(officer('b'))).type).toBe('RuleSetRetired');
    expect(refusal(() => decideRetire(h, 2, 'x', ctx(officer('b'))))).toHaveProperty(
      'reason',
      'NOT_ACTIVE',
    );
  });
});
