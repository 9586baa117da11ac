import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';
import {
  appendReading,
  collect,
  createLab,
  createToken,
  gql,
  grant,
  revokeAgreement,
  sleep,
} from './feeds-fixtures.js';

const HISTORY = `query ($filter: ReadingFilter) {
  readings(filter: $filter, first: 100) { edges { node { lab kind } } }
}`;
const STREAM = `subscription ($filter: ReadingFilter, $after: String) {
  readings(filter: $filter, after: $after) { cursor lab kind }
}`;
const AGGREGATES = `query ($lab: String!, $kinds: [String!]) {
  aggregates(lab: $lab, kinds: $kinds) { lab kind count suppressed noisy agreementId }
}`;

type Cell = { lab: string; kind: string };
/** Expected outcome per lab and kind for municipality "alpha", per operation level. */
type Outcome = string; // 'allowed' or a refusal reason

const LABS = [
  'alpha-own',
  'beta-none',
  'beta-readings',
  'beta-aggregates',
  'beta-expired',
  'beta-revoked',
];
const KINDS = ['temperature', 'air'];

function expected(cell: Cell, level: 'readings' | 'aggregates'): Outcome {
  if (cell.lab === 'alpha-own') return 'allowed';
  if (cell.lab === 'beta-none') return 'NO_AGREEMENT';
  if (cell.kind === 'air') return 'KIND_NOT_SHARED';
  switch (cell.lab) {
    case 'beta-readings':
      return 'allowed';
    case 'beta-aggregates':
      return level === 'aggregates' ? 'allowed' : 'WRONG_LEVEL';
    case 'beta-expired':
      return 'AGREEMENT_EXPIRED';
    case 'beta-revoked':
      return 'AGREEMENT_REVOKED';
    default:
      throw new Error(cell.lab);
  }
}

describe('feeds authorization matrix: municipalities alpha and beta, agreements in every state', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let alpha: string;
  let beta: { token: string; id: string };
  let betaOfficer: string;
  const agreements: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    await createLab(hub, admin, 'alpha-own', 'alpha');
    for (const lab of LABS.slice(1)) await createLab(hub, admin, lab, 'beta');
    alpha = (await createToken(hub, admin, { role: 'municipality', municipality: 'alpha' })).token;
    beta = await createToken(hub, admin, { role: 'municipality', municipality: 'beta' });
    betaOfficer = (
      await createToken(hub, admin, {
        role: 'privacy-officer',
        municipality: 'beta',
        holder: 'fg@beta.example',
      })
    ).token;
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const base = { to: 'alpha', kinds: ['temperature'], until: inAYear };
    agreements.readings = await grant(hub, beta.token, { ...base, lab: 'beta-readings' });
    agreements.aggregates = await grant(hub, beta.token, {
      ...base,
      lab: 'beta-aggregates',
      level: 'aggregates',
    });
    // Far enough ahead that the grant is still valid when a busy hub stores it.
    const expiresAt = Date.now() + 5000;
    agreements.expired = await grant(hub, beta.token, {
      ...base,
      lab: 'beta-expired',
      until: new Date(expiresAt).toISOString(),
    });
    agreements.revoked = await grant(hub, beta.token, { ...base, lab: 'beta-revoked' });
    await revokeAgreement(hub, beta.token, agreements.revoked);
    for (const lab of LABS)
      for (const kind of KINDS) for (let i = 0; i < 6; i++) await appendReading(hub, { lab, kind });
    // Waits for the clock, not for the hub: afterwards the short agreement has expired.
    await sleep(Math.max(0, expiresAt - Date.now()) + 100);
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  const cells: Cell[] = LABS.flatMap((lab) => KINDS.map((kind) => ({ lab, kind })));

  test.each(cells)('query readings of $lab / $kind', async (cell) => {
    const outcome = expected(cell, 'readings');
    const { status, body } = await graphqlHttp<{ readings: { edges: { node: Cell }[] } }>(
      hub.httpPort,
      alpha,
      HISTORY,
      { filter: cell },
    );
    expect(status).toBe(200);
    if (outcome === 'allowed') {
      expect(body.errors).toBeUndefined();
      expect(body.data?.readings.edges).toHaveLength(6);
    } else {
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: outcome });
      expect(body.data?.readings ?? null).toBeNull();
    }
  });

  test.each(cells)('query aggregates of $lab / $kind', async (cell) => {
    const outcome = expected(cell, 'aggregates');
    const { body } = await graphqlHttp<{
      aggregates: { count: number | null; noisy: boolean; agreementId: string | null }[];
    }>(hub.httpPort, alpha, AGGREGATES, { lab: cell.lab, kinds: [cell.kind] });
    if (outcome === 'allowed') {
      expect(body.errors).toBeUndefined();
      const rows = body.data?.aggregates ?? [];
      expect(rows.length).toBeGreaterThan(0);
      // The owner sees exact counts; a grantee sees noisy, agreement-attributed figures.
      if (cell.lab === 'alpha-own') expect(rows.map((r) => r.count)).toEqual(rows.map(() => 6));
      else expect(rows.every((r) => r.noisy && r.agreementId !== null)).toBe(true);
    } else {
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: outcome });
    }
  });

  test.each(cells)('subscription readings of $lab / $kind', async (cell) => {
    const outcome = expected(cell, 'readings');
    const ws = graphqlWs(hub.httpPort, alpha);
    try {
      const sub = collect<{ readings: Cell }>(ws, STREAM, { filter: cell });
      if (outcome === 'allowed') {
        const got = await sub.waitFor(6);
        expect(got.every((r) => r.readings.lab === cell.lab && r.readings.kind === cell.kind)).toBe(
          true,
        );
      } else {
        const error = await sub.ended;
        expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: outcome });
        expect(sub.items).toHaveLength(0);
      }
      sub.stop();
    } finally {
      await ws.dispose();
    }
  });

  test('a subscription without a lab filter delivers exactly the allowed cells, nothing of a refused one', async () => {
    const ws = graphqlWs(hub.httpPort, alpha);
    try {
      const sub = collect<{ readings: Cell }>(ws, STREAM, {});
      // alpha-own: 2 kinds x 6; beta-readings temperature: 6.
      const got = await sub.waitFor(18);
      // The marker: one more allowed reading. The stream runs in log order, so a reading of a
      // refused cell (stored before the marker) would arrive before it.
      await appendReading(hub, { lab: 'alpha-own', kind: 'air', values: { marker: true } });
      await sub.waitFor(19);
      const cellsSeen = new Set(sub.items.map((r) => `${r.readings.lab}/${r.readings.kind}`));
      expect([...cellsSeen].sort()).toEqual([
        'alpha-own/air',
        'alpha-own/temperature',
        'beta-readings/temperature',
      ]);
      expect(sub.items).toHaveLength(19);
      expect(got.length).toBe(19);
      expect(sub.items.at(-1)?.readings).toMatchObject({ lab: 'alpha-own', kind: 'air' });
      sub.stop();
    } finally {
      await ws.dispose();
    }
  });

  test('history without a lab filter holds only allowed cells', async () => {
    const data = await gql<{ readings: { edges: { node: Cell }[] } }>(hub, alpha, HISTORY, {});
    const seen = new Set(data.readings.edges.map((e) => `${e.node.lab}/${e.node.kind}`));
    expect([...seen].sort()).toEqual([
      'alpha-own/air',
      'alpha-own/temperature',
      'beta-readings/temperature',
    ]);
  });

  test('whatCanISee lists owned labs and agreements by level', async () => {
    const data = await gql<{
      whatCanISee: {
        role: string;
        municipality: string;
        readings: { lab: string; basis: string; kinds: string[] | null }[];
        aggregatesOnly: { lab: string }[];
      };
    }>(
      hub,
      alpha,
      '{ whatCanISee { role municipality readings { lab basis kinds } aggregatesOnly { lab } } }',
    );
    expect(data.whatCanISee).toMatchObject({ role: 'municipality', municipality: 'alpha' });
    expect(data.whatCanISee.readings).toEqual([
      { lab: 'alpha-own', basis: 'owner', kinds: null },
      { lab: 'beta-readings', basis: 'agreement', kinds: ['temperature'] },
    ]);
    expect(data.whatCanISee.aggregatesOnly).toEqual([{ lab: 'beta-aggregates' }]);
  });

  test("every read under an agreement is attributed in the audit, readable by the owner's privacy officer", async () => {
    await gql(hub, alpha, HISTORY, { filter: { lab: 'beta-readings' } });
    const data = await gql<{
      feedAccessLog: { subject: string; operation: string; grantee: string; kinds: string[] }[];
    }>(
      hub,
      betaOfficer,
      'query ($id: String!) { feedAccessLog(agreementId: $id) { subject operation grantee kinds } }',
      { id: agreements.readings },
    );
    expect(data.feedAccessLog.length).toBeGreaterThan(0);
    expect(data.feedAccessLog.map((e) => e.operation)).toContain('query readings');
    expect(data.feedAccessLog.map((e) => e.operation)).toContain('subscription readings');
    expect(
      data.feedAccessLog.every(
        (e) => e.grantee === 'alpha' && e.subject.startsWith('municipality:alpha:'),
      ),
    ).toBe(true);
    // The grantee may read the audit of an agreement it received, too.
    const asGrantee = await graphqlHttp(
      hub.httpPort,
      alpha,
      'query ($id: String!) { feedAccessLog(agreementId: $id) { at } }',
      {
        id: agreements.aggregates,
      },
    );
    expect(asGrantee.body.errors).toBeUndefined();
    const partner = (await createToken(hub, admin, { role: 'partner', lab: 'alpha-own' })).token;
    const refused = await graphqlHttp(
      hub.httpPort,
      partner,
      'query ($id: String!) { feedAccessLog(agreementId: $id) { at } }',
      {
        id: agreements.readings,
      },
    );
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  test('agreements given and received', async () => {
    const given = await gql<{ agreements: { lab: string; status: string }[] }>(
      hub,
      beta.token,
      '{ agreements(direction: GIVEN) { lab status } }',
    );
    expect(given.agreements.map((a) => `${a.lab}:${a.status}`).sort()).toEqual([
      'beta-aggregates:active',
      'beta-expired:expired',
      'beta-readings:active',
      'beta-revoked:revoked',
    ]);
    const received = await gql<{ agreements: unknown[] }>(
      hub,
      beta.token,
      '{ agreements(direction: RECEIVED) { id } }',
    );
    expect(received.agreements).toHaveLength(0);
  });

  test('only the owner (or an admin) may grant, and a partner reads only its own lab', async () => {
    const stolen = await graphqlHttp(
      hub.httpPort,
      alpha,
      'mutation ($i: GrantSharingInput!) { grantSharing(input: $i) { id } }',
      {
        i: {
          lab: 'beta-none',
          to: 'alpha',
          kinds: ['air'],
          purpose: 'x',
          legalBasis: 'y',
          until: '2999-01-01',
        },
      },
    );
    expect(stolen.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const partner = (await createToken(hub, admin, { role: 'partner', lab: 'beta-none' })).token;
    const own = await gql<{ readings: { edges: unknown[] } }>(hub, partner, HISTORY, {
      filter: { lab: 'beta-none' },
    });
    expect(own.readings.edges).toHaveLength(12);
    const other = await graphqlHttp(hub.httpPort, partner, HISTORY, {
      filter: { lab: 'alpha-own' },
    });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_ALLOWED',
    });
  });
});
