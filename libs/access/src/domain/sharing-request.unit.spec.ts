import { describe, expect, test } from '@jest/globals';
import type { RecordedEvent } from '@hub/event-store';
import type { Principal } from '../principal.js';
import {
  SHARING_REQUESTED,
  SHARING_REQUEST_APPROVED,
  SHARING_REQUEST_DECLINED,
  type SharingRequested,
} from './access-events.js';
import { AccessState } from './access-state.js';
import {
  assertMayDecide,
  assertMayRequest,
  assertMayWithdraw,
  requestExpiry,
  requestStatus,
  REQUEST_OPEN_MS,
} from './sharing-request.js';

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
const who = (
  role: Principal['role'],
  municipality?: string,
  holder?: string,
  tokenId = `${role}-${municipality ?? '-'}-${holder ?? '-'}`,
): Principal => ({
  role,
  subject: `${role}:${municipality ?? '-'}:${tokenId}`,
  tokenId,
  ...(municipality && { municipality }),
  ...(holder && { holder }),
});

const asker = who('privacy-officer', 'leiden', 'j.jansen@leiden.example');
const requested = (id: string): SharingRequested => ({
  requestId: id,
  lab: 'scheveningen',
  owner: 'den-haag',
  requester: 'leiden',
  kinds: ['camera'],
  level: 'aggregates',
  purpose: 'crowding',
  legalBasis: 'public task',
  until: '2027-01-01T00:00:00.000Z',
  expiresAt: requestExpiry(NOW, Date.parse('2027-01-01T00:00:00.000Z')),
  requestedAt: new Date(NOW).toISOString(),
  requestedBy: { subject: asker.subject, tokenId: asker.tokenId, holder: asker.holder },
});

const stateWith = (...events: RecordedEvent[]): AccessState => {
  const state = new AccessState();
  for (const e of events) state.apply(e);
  return state;
};

const refusal = (fn: () => void): { code?: string; reason?: string } => {
  try {
    fn();
  } catch (e) {
    const err = e as { code?: string; reason?: string };
    return { code: err.code, reason: err.reason };
  }
  return {};
};

describe('sharing requests: who asks, who decides, once', () => {
  test('municipalities and their officers ask for their own municipality; partners and admins do not', () => {
    expect(assertMayRequest(who('municipality', 'leiden'))).toBe('leiden');
    expect(assertMayRequest(asker)).toBe('leiden');
    expect(refusal(() => assertMayRequest(who('partner')))).toEqual({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(refusal(() => assertMayRequest(who('admin')))).toEqual({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
  });

  test('only the owner’s officer or an admin decides, and never the person who asked', () => {
    const r = stateWith(event(SHARING_REQUESTED, requested('r1'))).requests.get('r1')!;
    expect(() =>
      assertMayDecide(who('privacy-officer', 'den-haag', 'fg@dh'), r, NOW),
    ).not.toThrow();
    expect(() => assertMayDecide(who('admin'), r, NOW)).not.toThrow();
    const cases: [Principal, string][] = [
      [who('municipality', 'den-haag'), 'ROLE_NOT_ALLOWED'],
      [who('partner'), 'ROLE_NOT_ALLOWED'],
      [who('privacy-officer', 'delft', 'fg@delft'), 'NOT_THE_OWNER'],
      [who('privacy-officer', 'leiden', 'other@leiden'), 'NOT_THE_OWNER'],
      // The same person (holder compared as a person) with a token of the owner.
      [who('privacy-officer', 'den-haag', ' J.Jansen@Leiden.example'), 'OWN_REQUEST'],
    ];
    for (const [p, reason] of cases) {
      expect(refusal(() => assertMayDecide(p, r, NOW))).toEqual({ code: 'FORBIDDEN', reason });
    }
  });

  test('the first decision stands; later ones and expired requests are refused with what happened', () => {
    const officer = who('privacy-officer', 'den-haag', 'fg@dh');
    const state = stateWith(
      event(SHARING_REQUESTED, requested('r2')),
      event(SHARING_REQUEST_DECLINED, {
        requestId: 'r2',
        reason: 'no',
        decidedAt: new Date(NOW).toISOString(),
        decidedBy: { subject: officer.subject, tokenId: officer.tokenId },
      }),
      // A second decision in the log (it cannot be appended, but the fold must not take it).
      event(SHARING_REQUEST_APPROVED, {
        requestId: 'r2',
        agreementId: 'a1',
        decidedAt: new Date(NOW).toISOString(),
        decidedBy: { subject: officer.subject, tokenId: officer.tokenId },
      }),
      event(SHARING_REQUESTED, requested('r3')),
    );
    const r2 = state.requests.get('r2')!;
    expect(requestStatus(r2, NOW)).toBe('declined');
    expect(refusal(() => assertMayDecide(officer, r2, NOW))).toEqual({
      code: 'REQUEST_NOT_OPEN',
      reason: 'DECLINED',
    });
    const r3 = state.requests.get('r3')!;
    expect(requestStatus(r3, NOW)).toBe('open');
    const later = NOW + REQUEST_OPEN_MS;
    expect(requestStatus(r3, later)).toBe('expired');
    expect(refusal(() => assertMayDecide(officer, r3, later))).toEqual({
      code: 'REQUEST_NOT_OPEN',
      reason: 'EXPIRED',
    });
  });

  test('a request expires after 30 days, or when the period asked for ends if sooner', () => {
    expect(requestExpiry(NOW, NOW + 86_400_000)).toBe(new Date(NOW + 86_400_000).toISOString());
    expect(requestExpiry(NOW, NOW + 400 * 86_400_000)).toBe(
      new Date(NOW + REQUEST_OPEN_MS).toISOString(),
    );
  });

  test('only the requesting municipality withdraws', () => {
    const r = stateWith(event(SHARING_REQUESTED, requested('r4'))).requests.get('r4')!;
    expect(() => assertMayWithdraw(who('municipality', 'leiden'), r, NOW)).not.toThrow();
    expect(
      refusal(() => assertMayWithdraw(who('privacy-officer', 'den-haag', 'x'), r, NOW)),
    ).toEqual({ code: 'FORBIDDEN', reason: 'NOT_THE_REQUESTER' });
  });
});
