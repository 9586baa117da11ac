import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import type { RunningHub } from '../src/hub.js';
import { createLab, createToken, gql } from './feeds-fixtures.js';
import { graphqlHttp } from './support/clients.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * Asking to share, over GraphQL on HTTP against a real hub: leiden finds den-haag's lab, is
 * refused with whom to ask, requests, and den-haag's privacy officer decides. The attacks: a
 * decision by anyone but the owner's officer, by the requester itself, twice (also at once),
 * after withdrawal or expiry, and oversize input. Every refusal has a code and loses nothing.
 */

const LAB = 'scheveningen'; // owned by den-haag
const REQUEST = `mutation ($input: RequestSharingInput!) {
  requestSharing(input: $input) { id lab owner requester kinds level status legalBasis expiresAt }
}`;
const APPROVE = `mutation ($id: String!, $note: String) {
  approveSharingRequest(id: $id, note: $note) { id status note agreementId decidedBy }
}`;
const DECLINE = `mutation ($id: String!, $reason: String!) {
  declineSharingRequest(id: $id, reason: $reason) { id status reason }
}`;
const WITHDRAW = `mutation ($id: String!) { withdrawSharingRequest(id: $id) { id status } }`;
const LIST = `query ($direction: RequestDirection!, $status: SharingRequestStatus) {
  sharingRequests(direction: $direction, status: $status) {
    id lab requester owner status reason note agreementId
  }
}`;

interface Req {
  id: string;
  owner: string;
  requester: string;
  status: string;
  agreementId?: string | null;
  reason?: string | null;
  note?: string | null;
}
type Extensions = Record<string, unknown>;

describe('sharing requests over GraphQL', () => {
  let dataDir: string;
  let hub: RunningHub;
  let store: EventStore;
  let admin: string;
  /** den-haag owns the lab; leiden and delft ask; `twoHats` is one person in both. */
  const t = {} as Record<
    | 'owner'
    | 'ownerOfficer'
    | 'leiden'
    | 'leidenOfficer'
    | 'delftOfficer'
    | 'partner'
    | 'twoHatsOwner'
    | 'twoHatsLeiden',
    string
  >;

  const input = (extra: Record<string, unknown> = {}) => ({
    lab: LAB,
    kinds: ['camera'],
    level: 'aggregates',
    purpose: 'crowding on the boulevard, summer 2027',
    until: '2999-01-01',
    ...extra,
  });
  /** Runs an operation expected to be refused; returns its extensions, checking nothing was served. */
  const refused = async (
    token: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Extensions> => {
    const { body } = await graphqlHttp(hub.httpPort, token, query, variables);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    return body.errors![0].extensions ?? {};
  };
  const request = async (token: string, extra: Record<string, unknown> = {}) =>
    (await gql<{ requestSharing: Req }>(hub, token, REQUEST, { input: input(extra) }))
      .requestSharing;
  const list = async (token: string, direction: string, status?: string) =>
    (await gql<{ sharingRequests: Req[] }>(hub, token, LIST, { direction, status }))
      .sharingRequests;
  const eventsOf = async (type: string) =>
    (await store.readAll({ after: 0, maxCount: 10_000, eventTypes: [type] })).map(
      (e) => e.data as Record<string, unknown>,
    );

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    store = hub.app.get<EventStore>(EVENT_STORE);
    admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'den-haag');
    await createLab(hub, admin, 'leiden-centrum', 'leiden');
    const token = async (role: string, m: string, holder?: string) =>
      (await createToken(hub, admin, { role, municipality: m, ...(holder && { holder }) })).token;
    t.owner = await token('municipality', 'den-haag');
    t.ownerOfficer = await token('privacy-officer', 'den-haag', 'fg@den-haag.example');
    t.leiden = await token('municipality', 'leiden');
    t.leidenOfficer = await token('privacy-officer', 'leiden', 'fg@leiden.example');
    t.delftOfficer = await token('privacy-officer', 'delft', 'fg@delft.example');
    t.partner = (await createToken(hub, admin, { role: 'partner', lab: LAB })).token;
    t.twoHatsOwner = await token('privacy-officer', 'den-haag', 'Both@Region.example');
    t.twoHatsLeiden = await token('privacy-officer', 'leiden', 'both@region.example');
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('discover: a municipality lists the labs with owner and kinds; a partner is refused', async () => {
    const { labDirectory } = await gql<{
      labDirectory: { lab: string; owner: string; kinds: string[]; contacts: string[] }[];
    }>(hub, t.leiden, '{ labDirectory { lab owner kinds contacts } }');
    const lab = labDirectory.find((l) => l.lab === LAB);
    expect(lab).toMatchObject({ owner: 'den-haag', contacts: [] });
    expect(lab?.kinds).toEqual(expect.arrayContaining(['camera', 'temperature']));
    expect(labDirectory.map((l) => l.lab)).toEqual(['leiden-centrum', LAB]);
    expect(await refused(t.partner, '{ labDirectory { lab } }', {})).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
  });

  test('a refusal of another municipality’s lab names whom to ask', async () => {
    const ext = await refused(
      t.leiden,
      `{ aggregates(lab: "${LAB}", kinds: ["camera"]) { count } }`,
      {},
    );
    expect(ext).toEqual({ code: 'FORBIDDEN', reason: 'NO_AGREEMENT', owner: 'den-haag' });
    // Not for a lab one may not ask about: an unknown lab has no owner to name.
    expect(
      await refused(t.leiden, `{ aggregates(lab: "nowhere", kinds: ["camera"]) { count } }`, {}),
    ).toEqual({ code: 'FORBIDDEN', reason: 'UNKNOWN_LAB' });
  });

  test('request, approve: the agreement is granted, the requester sees it and can read', async () => {
    const asked = await request(t.leiden);
    expect(asked).toMatchObject({
      lab: LAB,
      owner: 'den-haag',
      requester: 'leiden',
      kinds: ['camera'],
      level: 'aggregates',
      status: 'OPEN',
      legalBasis: 'public task (GDPR art. 6(1)(e))',
    });
    expect((await eventsOf('SharingRequested')).map((e) => e.requestId)).toContain(asked.id);
    expect((await list(t.ownerOfficer, 'INCOMING', 'OPEN')).map((r) => r.id)).toContain(asked.id);

    const approved = (
      await gql<{ approveSharingRequest: Req }>(hub, t.ownerOfficer, APPROVE, {
        id: asked.id,
        note: 'fine for the summer study',
      })
    ).approveSharingRequest;
    expect(approved).toMatchObject({ status: 'APPROVED', note: 'fine for the summer study' });
    expect(approved.agreementId).toEqual(expect.any(String));

    const [event] = (await eventsOf('SharingRequestApproved')).filter(
      (e) => e.requestId === asked.id,
    );
    expect(event.agreementId).toBe(approved.agreementId);
    const granted = (await eventsOf('SharingAgreementGranted')).filter(
      (e) => e.requestId === asked.id,
    );
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({
      agreementId: approved.agreementId,
      lab: LAB,
      owner: 'den-haag',
      grantee: 'leiden',
      kinds: ['camera'],
      level: 'aggregates',
    });

    const mine = await list(t.leiden, 'OUTGOING');
    expect(mine.find((r) => r.id === asked.id)).toMatchObject({
      status: 'APPROVED',
      agreementId: approved.agreementId,
    });
    const seen = await gql<{ whatCanISee: { aggregatesOnly: { lab: string; kinds: string[] }[] } }>(
      hub,
      t.leiden,
      '{ whatCanISee { aggregatesOnly { lab kinds } } }',
    );
    expect(seen.whatCanISee.aggregatesOnly).toEqual([{ lab: LAB, kinds: ['camera'] }]);
    await gql(hub, t.leiden, `{ aggregates(lab: "${LAB}", kinds: ["camera"]) { count } }`);
    // Readings are still refused (aggregates level), naming whom to ask for more.
    expect(
      await refused(
        t.leiden,
        `{ readings(filter: { lab: "${LAB}", kind: "camera" }) { edges { cursor } } }`,
        {},
      ),
    ).toEqual({ code: 'FORBIDDEN', reason: 'WRONG_LEVEL', owner: 'den-haag' });

    // Decided once: approving or declining again is refused with what happened.
    expect(await refused(t.ownerOfficer, APPROVE, { id: asked.id })).toMatchObject({
      code: 'REQUEST_NOT_OPEN',
      reason: 'APPROVED',
    });
    expect(await refused(admin, DECLINE, { id: asked.id, reason: 'too late' })).toMatchObject({
      code: 'REQUEST_NOT_OPEN',
      reason: 'APPROVED',
    });
    expect(
      (await eventsOf('SharingAgreementGranted')).filter((e) => e.requestId === asked.id),
    ).toHaveLength(1);

    // The officer who approves may end it; another municipality's officer may not.
    const REVOKE = 'mutation ($id: String!) { revokeSharing(id: $id) { status } }';
    expect(await refused(t.delftOfficer, REVOKE, { id: approved.agreementId })).toMatchObject({
      code: 'FORBIDDEN',
    });
    const revoked = await gql<{ revokeSharing: { status: string } }>(hub, t.ownerOfficer, REVOKE, {
      id: approved.agreementId,
    });
    expect(revoked.revokeSharing.status).toBe('revoked');
    expect(
      await refused(t.leiden, `{ aggregates(lab: "${LAB}", kinds: ["camera"]) { count } }`, {}),
    ).toEqual({ code: 'FORBIDDEN', reason: 'AGREEMENT_REVOKED', owner: 'den-haag' });
  });

  test('decline: the requester sees the reason; a blank reason is refused', async () => {
    const asked = await request(t.leidenOfficer, { kinds: ['sound'], level: 'readings' });
    expect(await refused(t.ownerOfficer, DECLINE, { id: asked.id, reason: '  ' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
      reason: 'MISSING_FIELD',
    });
    const declined = (
      await gql<{ declineSharingRequest: Req }>(hub, t.ownerOfficer, DECLINE, {
        id: asked.id,
        reason: 'sound levels are not shared outside den-haag',
      })
    ).declineSharingRequest;
    expect(declined).toMatchObject({ status: 'DECLINED' });
    expect((await list(t.leiden, 'OUTGOING', 'DECLINED')).find((r) => r.id === asked.id)).toEqual(
      expect.objectContaining({
        status: 'DECLINED',
        reason: 'sound levels are not shared outside den-haag',
        agreementId: null,
      }),
    );
    expect(await refused(t.ownerOfficer, APPROVE, { id: asked.id })).toMatchObject({
      code: 'REQUEST_NOT_OPEN',
      reason: 'DECLINED',
    });
    const events = (await eventsOf('SharingRequestDeclined')).filter(
      (e) => e.requestId === asked.id,
    );
    expect(events).toHaveLength(1);
  });

  test('only the owner’s privacy officer (or an admin) decides, never the requester', async () => {
    const asked = await request(t.leiden, { kinds: ['temperature'] });
    // Another municipality's officer, the requester's own officer, the owner's municipality
    // token, a partner of the lab: all refused.
    expect(await refused(t.delftOfficer, APPROVE, { id: asked.id })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_THE_OWNER',
    });
    expect(await refused(t.leidenOfficer, APPROVE, { id: asked.id })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_THE_OWNER',
    });
    expect(await refused(t.leiden, APPROVE, { id: asked.id })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(await refused(t.owner, DECLINE, { id: asked.id, reason: 'no' })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(await refused(t.partner, APPROVE, { id: asked.id })).toMatchObject({
      code: 'FORBIDDEN',
    });
    // One person (holders compared as persons) who is officer in both municipalities cannot
    // approve what they asked.
    const ownAsk = await request(t.twoHatsLeiden, { kinds: ['air'] });
    expect(await refused(t.twoHatsOwner, APPROVE, { id: ownAsk.id })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OWN_REQUEST',
    });
    // Nothing was decided by any of these.
    const open = (await list(t.ownerOfficer, 'INCOMING', 'OPEN')).map((r) => r.id);
    expect(open).toEqual(expect.arrayContaining([asked.id, ownAsk.id]));
    const decided = [
      ...(await eventsOf('SharingRequestApproved')),
      ...(await eventsOf('SharingRequestDeclined')),
    ].map((e) => e.requestId);
    expect(decided).not.toContain(asked.id);
    expect(decided).not.toContain(ownAsk.id);
    // An admin may decide it.
    const byAdmin = await gql<{ declineSharingRequest: Req }>(hub, admin, DECLINE, {
      id: ownAsk.id,
      reason: 'ask a colleague to decide',
    });
    expect(byAdmin.declineSharingRequest.status).toBe('DECLINED');
  });

  test('two approvals at once: one wins, one agreement, the other is told', async () => {
    const asked = await request(t.leiden, { kinds: ['motion'] });
    const results = await Promise.all(
      [t.ownerOfficer, admin, t.ownerOfficer].map((token) =>
        graphqlHttp<{ approveSharingRequest: Req }>(hub.httpPort, token, APPROVE, { id: asked.id }),
      ),
    );
    const won = results.filter((r) => r.body.data?.approveSharingRequest);
    const lost = results.filter((r) => r.body.errors);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.body.errors?.[0].extensions)).toEqual([
      expect.objectContaining({ code: 'REQUEST_NOT_OPEN', reason: 'APPROVED' }),
      expect.objectContaining({ code: 'REQUEST_NOT_OPEN', reason: 'APPROVED' }),
    ]);
    const granted = (await eventsOf('SharingAgreementGranted')).filter(
      (e) => e.requestId === asked.id,
    );
    expect(granted).toHaveLength(1);
  });

  test('bad input: oversize, own lab, unknown kind or lab; each with a field and nothing stored', async () => {
    const before = (await eventsOf('SharingRequested')).length;
    const cases: [Record<string, unknown>, Extensions][] = [
      [
        { purpose: 'x'.repeat(501) },
        { code: 'BAD_USER_INPUT', field: 'purpose', reason: 'FIELD_TOO_LONG' },
      ],
      [
        { legalBasis: 'y'.repeat(10_000) },
        { code: 'BAD_USER_INPUT', field: 'legalBasis', reason: 'FIELD_TOO_LONG' },
      ],
      [{ purpose: ' ' }, { code: 'BAD_USER_INPUT', field: 'purpose', reason: 'MISSING_FIELD' }],
      [
        { kinds: Array.from({ length: 21 }, () => 'camera') },
        { code: 'BAD_USER_INPUT', field: 'kinds', reason: 'TOO_MANY' },
      ],
      [{ kinds: [] }, { code: 'BAD_USER_INPUT', field: 'kinds' }],
      [{ kinds: ['x-ray'] }, { code: 'BAD_USER_INPUT', field: 'kinds' }],
      [{ level: 'everything' }, { code: 'BAD_USER_INPUT', field: 'level' }],
      [{ until: 'next summer' }, { code: 'BAD_USER_INPUT', field: 'until' }],
      [{ until: '2000-01-01' }, { code: 'BAD_USER_INPUT', field: 'until' }],
      [{ lab: 'nowhere' }, { code: 'NOT_FOUND' }],
      [{ lab: 'leiden-centrum' }, { code: 'BAD_USER_INPUT', field: 'lab', reason: 'OWN_LAB' }],
    ];
    for (const [extra, want] of cases) {
      expect(await refused(t.leiden, REQUEST, { input: input(extra) })).toMatchObject(want);
    }
    // A partner or an admin does not ask.
    expect(await refused(t.partner, REQUEST, { input: input() })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(await refused(admin, REQUEST, { input: input() })).toMatchObject({
      code: 'FORBIDDEN',
    });
    const asked = await request(t.leiden, { kinds: ['radio'] });
    expect(
      await refused(t.ownerOfficer, APPROVE, { id: asked.id, note: 'n'.repeat(501) }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note', reason: 'FIELD_TOO_LONG' });
    expect(
      await refused(t.ownerOfficer, DECLINE, { id: asked.id, reason: 'r'.repeat(501) }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', reason: 'FIELD_TOO_LONG' });
    expect(await refused(t.ownerOfficer, APPROVE, { id: 'no-such-request' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await eventsOf('SharingRequested')).length).toBe(before + 1);
    expect((await list(t.ownerOfficer, 'INCOMING', 'OPEN')).map((r) => r.id)).toContain(asked.id);
  });

  test('withdraw by the requester only; a withdrawn request cannot be decided', async () => {
    const asked = await request(t.leiden, { kinds: ['air'], level: 'readings' });
    expect(await refused(t.ownerOfficer, WITHDRAW, { id: asked.id })).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_THE_REQUESTER',
    });
    const withdrawn = await gql<{ withdrawSharingRequest: Req }>(hub, t.leidenOfficer, WITHDRAW, {
      id: asked.id,
    });
    expect(withdrawn.withdrawSharingRequest.status).toBe('WITHDRAWN');
    expect(await refused(t.ownerOfficer, APPROVE, { id: asked.id })).toMatchObject({
      code: 'REQUEST_NOT_OPEN',
      reason: 'WITHDRAWN',
    });
    expect(await refused(t.leiden, WITHDRAW, { id: asked.id })).toMatchObject({
      code: 'REQUEST_NOT_OPEN',
      reason: 'WITHDRAWN',
    });
  });

  test('an expired request cannot be decided', async () => {
    const until = new Date(Date.now() + 1500).toISOString();
    const asked = await request(t.leiden, { kinds: ['sound'], until });
    expect(asked.status).toBe('OPEN');
    await new Promise((r) => setTimeout(r, Date.parse(until) - Date.now() + 200));
    expect(await refused(t.ownerOfficer, APPROVE, { id: asked.id })).toMatchObject({
      code: 'REQUEST_NOT_OPEN',
      reason: 'EXPIRED',
    });
    expect((await list(t.leiden, 'OUTGOING', 'EXPIRED')).map((r) => r.id)).toContain(asked.id);
  });

  test('who lists which requests', async () => {
    const incoming = await list(t.ownerOfficer, 'INCOMING');
    expect(incoming.length).toBeGreaterThan(0);
    expect(incoming.every((r) => r.owner === 'den-haag')).toBe(true);
    expect(await list(t.ownerOfficer, 'OUTGOING')).toEqual([]);
    expect((await list(t.leiden, 'ALL')).every((r) => r.requester === 'leiden')).toBe(true);
    expect(await list(t.delftOfficer, 'ALL')).toEqual([]);
    expect((await list(admin, 'ALL')).length).toBe(incoming.length);
    const newest = await gql<{ sharingRequests: Req[] }>(
      hub,
      admin,
      '{ sharingRequests(first: 2) { id } }',
    );
    expect(newest.sharingRequests.map((r) => r.id)).toEqual(incoming.slice(0, 2).map((r) => r.id));
    expect(await refused(t.partner, LIST, { direction: 'ALL' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
