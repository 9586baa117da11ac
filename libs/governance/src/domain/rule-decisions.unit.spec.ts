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
  decideWithdraw,
  type DecisionContext,
} from './rule-decisions.js';
import type { RuleEvent } from './rule-events.js';
import { applyRuleEvent, emptyHistory, type LabRuleHistory } from './rule-history.js';

const base = JSON.parse(readFileSync('libs/privacy/rules/scheveningen.json', 'utf8')) as RuleSet;
const officer = (tokenId: string, municipality = 'den-haag', holder?: string): Principal => ({
  role: 'privacy-officer',
  subject: `privacy-officer:${municipality}:${tokenId}`,
  tokenId,
  municipality,
  ...(holder !== undefined && { holder }),
});
/** A privacy officer token issued to a person (as every officer token is since holders exist). */
const heldBy = (holder: string, tokenId: string): Principal => officer(tokenId, 'den-haag', holder);
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

  test('four eyes are two persons: a second token of the same holder may not approve', () => {
    const h = proposed(heldBy('J.Jansen@denhaag.nl', 'token-1'));
    expect(h.versions.get(2)?.author).toMatchObject({
      tokenId: 'token-1',
      holder: 'J.Jansen@denhaag.nl',
    });
    for (const sameHolder of ['J.Jansen@denhaag.nl', ' j.jansen@DENHAAG.nl ']) {
      const e = refusal(() => decideApprove(h, 2, undefined, ctx(heldBy(sameHolder, 'token-2'))));
      expect(e).toBeInstanceOf(GovernanceForbiddenError);
      expect((e as GovernanceForbiddenError).reason).toBe('SELF_APPROVAL');
      expect((e as Error).message).toContain(
        'you proposed version 2 (the same person, holder "J.Jansen@denhaag.nl"); a second privacy officer',
      );
    }
    const approved = decideApprove(h, 2, undefined, ctx(heldBy('p.devries@denhaag.nl', 'token-2')));
    expect(approved.type).toBe('RuleSetApproved');
    expect(approved.data).toMatchObject({
      approver: { tokenId: 'token-2', holder: 'p.devries@denhaag.nl' },
    });
  });

  test('tokens without a holder (issued before holders) are compared by token id', () => {
    const legacy = proposed(officer('a'));
    expect(
      (refusal(() => decideApprove(legacy, 2, undefined, ctx(officer('a')))) as Error).message,
    ).toContain('you proposed version 2 yourself');
    expect(decideApprove(legacy, 2, undefined, ctx(officer('b'))).type).toBe('RuleSetApproved');
    // A holder on one side only cannot be matched to a person: the token ids decide.
    expect(decideApprove(legacy, 2, undefined, ctx(heldBy('a', 'b'))).type).toBe('RuleSetApproved');
    expect(
      refusal(() => decideApprove(legacy, 2, undefined, ctx(heldBy('x', 'a')))),
    ).toHaveProperty('reason', 'SELF_APPROVAL');
  });

  test('the author may withdraw from another token of theirs; others need to be officers of the owner', () => {
    const h = proposed(heldBy('j.jansen@denhaag.nl', 'token-1'));
    const partnerOfSamePerson: Principal = {
      ...partner,
      tokenId: 'p9',
      holder: 'J.Jansen@denhaag.nl',
    };
    expect(decideWithdraw(h, 2, 'not needed', ctx(partnerOfSamePerson)).type).toBe(
      'RuleSetWithdrawn',
    );
    expect(
      (refusal(() => decideWithdraw(h, 2, 'x', ctx(partner))) as GovernanceForbiddenError).reason,
    ).toBe('ROLE_NOT_ALLOWED');
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
