import { describe, expect, test } from '@jest/globals';
import type { RecordedEvent } from '@hub/event-store';
import type { Principal } from '../principal.js';
import { FeedForbiddenError } from './access-errors.js';
import { LAB_CREATED, SHARING_GRANTED } from './access-events.js';
import { AccessState } from './access-state.js';
import { decideAudience, decideAudit, mayManageLab, mayReadDevices, serves } from './audience.js';

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
const grantTo = (id: string, grantee: string, level: string) =>
  event(SHARING_GRANTED, {
    agreementId: id,
    lab: 'lab',
    owner: 'own',
    grantee,
    kinds: ['camera'],
    purpose: 'p',
    legalBasis: 'b',
    until: '2027-01-01T00:00:00Z',
    level,
    grantedAt: new Date(NOW - 1000).toISOString(),
    grantedBy: 'admin',
  });

const s = new AccessState();
s.apply(event(LAB_CREATED, { lab: 'lab', municipality: 'own' }));
s.apply(grantTo('r', 'reader', 'readings'));
s.apply(grantTo('a', 'counter', 'aggregates'));

const p = (role: Principal['role'], scope: Partial<Principal> = {}): Principal => ({
  role,
  subject: role,
  tokenId: role,
  ...scope,
});
const WHO: Record<string, Principal> = {
  admin: p('admin'),
  owner: p('municipality', { municipality: 'own' }),
  partner: p('partner', { lab: 'lab' }),
  otherPartner: p('partner', { lab: 'elsewhere' }),
  granteeReadings: p('municipality', { municipality: 'reader' }),
  granteeAggregates: p('municipality', { municipality: 'counter' }),
  noAgreement: p('municipality', { municipality: 'stranger' }),
  officer: p('privacy-officer', { municipality: 'own' }),
};

const copy = (who: Principal, level: 'readings' | 'aggregates'): string => {
  try {
    return decideAudience(s, who, 'lab', ['camera'], level, NOW).copy;
  } catch (error) {
    if (error instanceof FeedForbiddenError) return error.reason;
    throw error;
  }
};

describe('the audience decision', () => {
  test('which copy each audience gets, per level (the table in docs/feeds.md)', () => {
    const got = Object.fromEntries(
      Object.entries(WHO).map(([name, who]) => [
        name,
        [copy(who, 'readings'), copy(who, 'aggregates')],
      ]),
    );
    expect(got).toEqual({
      admin: ['exact', 'exact'],
      owner: ['exact', 'exact'],
      partner: ['exact', 'exact'],
      otherPartner: ['ROLE_NOT_ALLOWED', 'ROLE_NOT_ALLOWED'],
      granteeReadings: ['shared', 'shared'],
      granteeAggregates: ['WRONG_LEVEL', 'shared'],
      noAgreement: ['NO_AGREEMENT', 'NO_AGREEMENT'],
      officer: ['ROLE_NOT_ALLOWED', 'ROLE_NOT_ALLOWED'],
    });
  });

  test('the exact copy is never served as shared, nor the shared one as exact', () => {
    expect(serves('shared', 'owner')).toBe(false);
    expect(serves('exact', 'shared')).toBe(false);
    expect(serves('shared', 'shared') && serves('shared', 'any')).toBe(true);
    expect(serves('exact', 'owner') && serves('exact', 'any')).toBe(true);
  });

  test('audits: officers of the owner for the lab, admins for the hub', () => {
    const target = { lab: 'lab', owner: 'own' };
    const reason = (who: Principal, t: typeof target | 'hub') => decideAudit(who, t, 'x')?.reason;
    expect(reason(WHO.officer, target)).toBeUndefined();
    expect(reason(p('privacy-officer', { municipality: 'other' }), target)).toBe('OUT_OF_SCOPE');
    expect(reason(WHO.officer, 'hub')).toBe('HUB_WIDE');
    expect(reason(WHO.owner, target)).toBe('ROLE_NOT_ALLOWED');
    expect(reason(WHO.admin, 'hub')).toBeUndefined();
    expect(decideAudit(WHO.partner, target, 'x', true)).toBeUndefined();
    expect(reason(WHO.partner, target)).toBe('ROLE_NOT_ALLOWED');
  });
});

describe('devices: who reads their health, who manages them', () => {
  test.each([
    ['admin', true, true],
    ['owner', true, false],
    ['partner', true, true],
    ['otherPartner', false, false],
    ['granteeReadings', false, false],
    ['noAgreement', false, false],
    ['officer', false, false],
  ])('%s reads: %s, manages: %s', (who, reads, manages) => {
    expect(mayReadDevices(WHO[who], 'lab', s.labOwners.get('lab'))).toBe(reads);
    expect(mayManageLab(WHO[who], 'lab')).toBe(manages);
  });

  test('an unknown lab has no owner to read it', () => {
    expect(mayReadDevices(WHO.owner, 'nowhere', undefined)).toBe(false);
  });
});
