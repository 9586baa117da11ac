import { describe, expect, test } from '@jest/globals';
import type { RecordedEvent } from '@hub/event-store';
import type { Principal } from '../principal.js';
import { FeedForbiddenError } from './access-errors.js';
import { LAB_CREATED, SHARING_GRANTED, SHARING_REVOKED } from './access-events.js';
import { AccessState } from './access-state.js';
import { authorizeLab, coverage, visibleLabs } from './authorize.js';

let position = 0;
const event = (type: string, data: unknown): RecordedEvent => ({
  id: String(++position),
  streamId: 's',
  type,
  revision: 0,
  position,
  data,
  metadata: {},
  recordedAt: new Date(0).toISOString(),
});

const NOW = Date.parse('2026-06-01T00:00:00Z');
const grantEvent = (
  id: string,
  lab: string,
  level: string,
  until: string,
  kinds = ['temperature'],
) =>
  event(SHARING_GRANTED, {
    agreementId: id,
    lab,
    owner: 'beta',
    grantee: 'alpha',
    kinds,
    purpose: 'p',
    legalBasis: 'b',
    until,
    level,
    grantedAt: new Date(NOW - 1000).toISOString(),
    grantedBy: 'admin',
  });

function state(): AccessState {
  const s = new AccessState();
  s.apply(event(LAB_CREATED, { lab: 'a-lab', municipality: 'alpha' }));
  for (const lab of ['b-none', 'b-read', 'b-agg', 'b-exp', 'b-rev'])
    s.apply(event(LAB_CREATED, { lab, municipality: 'beta' }));
  s.apply(grantEvent('read', 'b-read', 'readings', '2027-01-01T00:00:00Z'));
  s.apply(grantEvent('agg', 'b-agg', 'aggregates', '2027-01-01T00:00:00Z'));
  s.apply(grantEvent('exp', 'b-exp', 'readings', '2026-05-01T00:00:00Z'));
  s.apply(grantEvent('rev', 'b-rev', 'readings', '2027-01-01T00:00:00Z'));
  s.apply(
    event(SHARING_REVOKED, {
      agreementId: 'rev',
      revokedAt: new Date(NOW).toISOString(),
      revokedBy: 'beta',
    }),
  );
  return s;
}

const alpha: Principal = {
  role: 'municipality',
  subject: 'm',
  tokenId: 't',
  municipality: 'alpha',
};
const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    if (error instanceof FeedForbiddenError) return error.reason;
    throw error;
  }
};

describe('authorizeLab', () => {
  const s = state();
  test.each([
    ['a-lab', 'temperature', 'readings', 'allowed'],
    ['a-lab', 'air', 'readings', 'allowed'],
    ['b-none', 'temperature', 'readings', 'NO_AGREEMENT'],
    ['b-read', 'temperature', 'readings', 'allowed'],
    ['b-read', 'temperature', 'aggregates', 'allowed'],
    ['b-read', 'air', 'readings', 'KIND_NOT_SHARED'],
    ['b-agg', 'temperature', 'readings', 'WRONG_LEVEL'],
    ['b-agg', 'temperature', 'aggregates', 'allowed'],
    ['b-exp', 'temperature', 'readings', 'AGREEMENT_EXPIRED'],
    ['b-rev', 'temperature', 'aggregates', 'AGREEMENT_REVOKED'],
    ['nowhere', 'temperature', 'readings', 'UNKNOWN_LAB'],
  ] as const)('%s %s at %s: %s', (lab, kind, level, expected) => {
    expect(reasonOf(() => authorizeLab(s, alpha, lab, [kind], level, NOW))).toBe(expected);
  });

  test('partners read their own lab only; privacy officers read no feeds', () => {
    const partner: Principal = { role: 'partner', subject: 'p', tokenId: 'p', lab: 'b-none' };
    expect(reasonOf(() => authorizeLab(s, partner, 'b-none', undefined, 'readings', NOW))).toBe(
      'allowed',
    );
    expect(reasonOf(() => authorizeLab(s, partner, 'a-lab', undefined, 'readings', NOW))).toBe(
      'ROLE_NOT_ALLOWED',
    );
    const officer: Principal = {
      role: 'privacy-officer',
      subject: 'o',
      tokenId: 'o',
      municipality: 'beta',
    };
    expect(reasonOf(() => authorizeLab(s, officer, 'b-none', undefined, 'readings', NOW))).toBe(
      'ROLE_NOT_ALLOWED',
    );
  });

  test('visibleLabs lists owned labs and active agreements at the level asked', () => {
    expect(visibleLabs(s, alpha, 'readings', NOW, []).map((g) => g.lab)).toEqual([
      'a-lab',
      'b-read',
    ]);
    expect(visibleLabs(s, alpha, 'aggregates', NOW, []).map((g) => g.lab)).toEqual([
      'a-lab',
      'b-agg',
      'b-read',
    ]);
  });

  test('coverage ends at the revocation position and at until', () => {
    const revoked = s.agreements.get('rev')!;
    expect(coverage(revoked, revoked.revokedPosition! - 1, new Date(NOW).toISOString())).toBe(
      'covered',
    );
    expect(coverage(revoked, revoked.revokedPosition! + 1, new Date(NOW).toISOString())).toBe(
      'AGREEMENT_REVOKED',
    );
    const read = s.agreements.get('read')!;
    expect(coverage(read, 1, '2026-12-31T23:59:59.999Z')).toBe('covered');
    expect(coverage(read, 1, '2027-01-01T00:00:00.000Z')).toBe('AGREEMENT_EXPIRED');
  });
});
