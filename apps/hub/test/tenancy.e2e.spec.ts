import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { appendReading, collect, createLab, createToken, gql, grant } from './feeds-fixtures.js';
import { graphqlHttp, graphqlWs } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { expectHubLive } from './support/liveness.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * Tenancy, field by field. Every field of `Query` and `Subscription` is found BY INTROSPECTION and
 * must have an entry in TABLE below (how to call it, how to summarise its answer, and what each
 * audience may get). A new field without an entry fails this test, so nobody adds a read without
 * deciding who may see what. The audience rule itself lives in libs/access/src/domain/audience.ts.
 *
 * Outcomes: `exact` (the owner's copy), `shared` (the noisy/suppressed copy served under an
 * agreement), `refused` (an error with a code: nothing served), or a summary of what was listed.
 */

const LAB = 'scheveningen'; // owned by den-haag
const OTHER_LAB = 'leiden-centrum'; // owned by leiden

const AUDIENCES = [
  'owner', // municipality den-haag
  'granteeReadings', // municipality delft, readings-level agreement on camera
  'granteeAggregates', // municipality wassenaar, aggregates-level agreement on camera
  'noAgreement', // municipality rijswijk
  'partner', // partner of scheveningen
  'ownOfficer', // privacy officer of den-haag
  'foreignOfficer', // privacy officer of leiden
  'admin',
] as const;
type AudienceName = (typeof AUDIENCES)[number];
type Expect = Record<AudienceName, string>;

const each = (outcome: string): Expect =>
  Object.fromEntries(AUDIENCES.map((a) => [a, outcome])) as Expect;
/** The feed rule: exact to the owner side, shared to readings-level grantees. */
const feedsAtReadings: Expect = {
  ...each('refused'),
  owner: 'exact',
  partner: 'exact',
  admin: 'exact',
  granteeReadings: 'shared',
};
/** Aggregates: also served (shared) at the aggregates level. */
const feedsAtAggregates: Expect = { ...feedsAtReadings, granteeAggregates: 'shared' };
/** Audits of the lab: admins and officers of its municipality. */
const labAudit: Expect = { ...each('refused'), ownOfficer: 'ok', admin: 'ok' };
/** Hub-wide audits and registers: admins only. */
const adminOnly: Expect = { ...each('refused'), admin: 'ok' };
/** Rule versions: like lab audits, and the lab's partner (who writes proposals). */
const ruleReaders: Expect = { ...labAudit, partner: 'ok' };

interface Ctx {
  agreementId: string;
}

interface Entry {
  /** The operation (a query, or a subscription run over graphql-ws). */
  readonly op: (ctx: Ctx) => string;
  /** A short summary of a successful answer, compared with `expect`. */
  readonly summary: (data: Record<string, unknown>) => string;
  readonly expect: Expect;
}

type Copy = { copy?: string };
const copyOf = (values: Copy[]): string => {
  const copies = new Set(values.map((v) => v.copy));
  if (copies.has('exact')) return copies.has('noisy') ? 'BOTH COPIES' : 'exact';
  if (copies.has('noisy')) return 'shared';
  return `none of the copies (${[...copies].join(',')})`;
};
const aggregateCopy = (rows: { count: number | null; noisy: boolean; suppressed: boolean }[]) => {
  if (rows.length === 0) return 'no rows';
  if (rows.every((r) => r.noisy || r.suppressed)) return 'shared';
  if (rows.every((r) => !r.noisy && !r.suppressed && r.count === 12)) return 'exact';
  return `mixed ${JSON.stringify(rows)}`;
};
const ok = (): string => 'ok';

const TABLE: { Query: Record<string, Entry>; Subscription: Record<string, Entry> } = {
  Query: {
    readings: {
      op: () =>
        `{ readings(filter: { lab: "${LAB}", kind: "camera", lamppost: "lp-1" }) { edges { node { values } } } }`,
      summary: (d) =>
        copyOf(
          (d.readings as { edges: { node: { values: Copy } }[] }).edges.map((e) => e.node.values),
        ),
      expect: feedsAtReadings,
    },
    lampposts: {
      op: () => `{ lampposts(lab: "${LAB}") { id latest { kind values } } }`,
      summary: (d) =>
        copyOf(
          (d.lampposts as { id: string; latest: { kind: string; values: Copy }[] }[])
            .filter((lp) => lp.id === 'lp-1')
            .flatMap((lp) => lp.latest.filter((r) => r.kind === 'camera').map((r) => r.values)),
        ),
      expect: feedsAtReadings,
    },
    aggregates: {
      op: () => `{ aggregates(lab: "${LAB}", kinds: ["camera"]) { count noisy suppressed hour } }`,
      summary: (d) =>
        aggregateCopy(
          (d.aggregates as { count: number | null; noisy: boolean; suppressed: boolean }[]).filter(
            (r) => r.count === null || r.count > 2, // the hour of the 12 seeded counts
          ),
        ),
      expect: feedsAtAggregates,
    },
    whatCanISee: {
      op: () =>
        `{ whatCanISee { readings { lab basis kinds } aggregatesOnly { lab basis kinds } } }`,
      summary: (d) => {
        const v = d.whatCanISee as Record<
          'readings' | 'aggregatesOnly',
          { lab: string; basis: string; kinds: string[] | null }[]
        >;
        const f = (l: { lab: string; basis: string; kinds: string[] | null }[]) =>
          l
            .filter((x) => x.lab === LAB)
            .map((x) => `${x.basis}:${x.kinds?.join('+') ?? 'all'}`)
            .join(',') || '-';
        return `readings=${f(v.readings)} aggregates=${f(v.aggregatesOnly)}`;
      },
      expect: {
        owner: 'readings=owner:all aggregates=-',
        granteeReadings: 'readings=agreement:camera aggregates=-',
        granteeAggregates: 'readings=- aggregates=agreement:camera',
        noAgreement: 'readings=- aggregates=-',
        partner: 'readings=partner:all aggregates=-',
        // Officers may ask who they are (the console signs in with it); they read no feeds.
        ownOfficer: 'readings=- aggregates=-',
        foreignOfficer: 'readings=- aggregates=-',
        admin: 'readings=admin:all aggregates=-',
      },
    },
    agreements: {
      op: () => `{ agreements { lab grantee } }`,
      summary: (d) =>
        (d.agreements as { lab: string; grantee: string }[])
          .map((a) => a.grantee)
          .sort()
          .join(',') || '-',
      expect: {
        owner: 'delft,wassenaar',
        granteeReadings: 'delft',
        granteeAggregates: 'wassenaar',
        noAgreement: '-',
        partner: 'refused',
        ownOfficer: 'delft,wassenaar',
        foreignOfficer: '-',
        admin: 'delft,wassenaar',
      },
    },
    sharingRequests: {
      op: () => `{ sharingRequests { id } }`,
      summary: (d) => String((d.sharingRequests as unknown[]).length),
      // Requests on one's labs or made by one (none here); admins all; partners none.
      expect: { ...each('0'), partner: 'refused' },
    },
    labDirectory: {
      op: () => `{ labDirectory { lab owner } }`,
      summary: (d) =>
        (d.labDirectory as { lab: string; owner: string }[])
          .map((l) => `${l.lab}:${l.owner}`)
          .join(','),
      // The public register's facts, for those who may ask each other for sharing.
      expect: { ...each(`${OTHER_LAB}:leiden,${LAB}:den-haag`), partner: 'refused' },
    },
    feedAccessLog: {
      op: (c) => `{ feedAccessLog(agreementId: "${c.agreementId}") { operation } }`,
      summary: ok,
      // The parties of the agreement (den-haag owns, delft receives) and admins.
      expect: {
        ...each('refused'),
        owner: 'ok',
        granteeReadings: 'ok',
        ownOfficer: 'ok',
        admin: 'ok',
      },
    },
    tokenList: { op: () => `{ tokenList { id } }`, summary: ok, expect: adminOnly },
    municipalities: { op: () => `{ municipalities }`, summary: ok, expect: adminOnly },
    labs: {
      op: () => `{ labs { id } }`,
      summary: (d) =>
        (d.labs as { id: string }[])
          .map((l) => l.id)
          .sort()
          .join(',') || '-',
      // Registry: the labs a token may manage; other roles manage none (an empty list).
      expect: { ...each('-'), partner: LAB, admin: `${OTHER_LAB},${LAB}` },
    },
    devices: {
      // With the device health fields (partner board): the owner reads them, changes nothing.
      op: () =>
        `{ devices(lab: "${LAB}") { lamppost connection { online } refusals { code } recentRefusals { code } } }`,
      summary: ok,
      expect: { ...each('refused'), owner: 'ok', partner: 'ok', admin: 'ok' },
    },
    privacyDryRun: {
      op: () =>
        `{ privacyDryRun(input: { lab: "${LAB}", version: 1, samples: [{ kind: "temperature", payload: { seq: 1, observedAt: "2026-01-01T00:00:00Z", celsius: 20 } }] }) { activeVersion } }`,
      summary: ok,
      expect: ruleReaders,
    },
    ruleVersionStats: {
      op: () => `{ ruleVersionStats(lab: "${LAB}") { ruleKey } }`,
      summary: ok,
      expect: labAudit,
    },
    sharingRecipients: {
      op: () => `{ sharingRecipients(lab: "${LAB}") { grantee } }`,
      summary: ok,
      expect: labAudit,
    },
    privacyReport: {
      op: () => `{ privacyReport(lab: "${LAB}", format: "json") }`,
      summary: ok,
      expect: labAudit,
    },
    ruleSetVersions: {
      op: () => `{ ruleSetVersions(lab: "${LAB}") { version } }`,
      summary: ok,
      expect: ruleReaders,
    },
    ruleSetDiff: {
      op: () => `{ ruleSetDiff(lab: "${LAB}", from: 1, to: 1) { lab } }`,
      summary: ok,
      expect: ruleReaders,
    },
    ruleChainVerification: {
      // Without a lab: the chains of the labs the caller may audit.
      op: () => `{ ruleChainVerification { labs { lab } } }`,
      summary: (d) =>
        (d.ruleChainVerification as { labs: { lab: string }[] }).labs.map((l) => l.lab).join(',') ||
        '-',
      expect: { ...each('refused'), ownOfficer: LAB, foreignOfficer: '-', admin: LAB },
    },
    ruleRefusals: {
      op: () => `{ ruleRefusals(lab: "${LAB}") { action } }`,
      summary: ok,
      expect: labAudit,
    },
    complianceScans: {
      op: () => `{ complianceScans(lab: "${LAB}") { total } }`,
      summary: ok,
      expect: labAudit,
    },
    retentionRuns: {
      op: () => `{ retentionRuns(lab: "${LAB}") { ranAt } }`,
      summary: ok,
      expect: labAudit,
    },
    pseudonymKeyEvents: {
      op: () => `{ pseudonymKeyEvents { event } }`,
      summary: ok,
      expect: adminOnly,
    },
  },
  Subscription: {
    readings: {
      op: () =>
        `subscription { readings(filter: { lab: "${LAB}", kind: "camera", lamppost: "lp-1" }) { values } }`,
      summary: (d) => copyOf([(d.readings as { values: Copy }).values]),
      expect: feedsAtReadings,
    },
    aggregates: {
      op: () =>
        `subscription { aggregates(lab: "${LAB}", kinds: ["camera"]) { count noisy suppressed } }`,
      summary: (d) =>
        aggregateCopy([
          d.aggregates as { count: number | null; noisy: boolean; suppressed: boolean },
        ]),
      expect: feedsAtAggregates,
    },
  },
};

/**
 * Mutations are outside the read rule; who may call each (declared, checked for completeness:
 * a new mutation must be added here). See docs/feeds.md and docs/privacy-officers.md.
 */
const MUTATIONS: Record<string, string> = {
  createToken: 'admin',
  revokeToken: 'admin',
  createLab: 'admin',
  provisionDevice: 'admin; partner of the lab',
  rotateDeviceCredentials: 'admin; partner of the lab',
  revokeDevice: 'admin; partner of the lab',
  decommissionLamppost: 'admin; partner of the lab',
  setLamppostPosition: 'admin; partner of the lab',
  grantSharing: "admin; the lab owner's municipality token",
  revokeSharing: "admin; the lab owner's municipality token or privacy officer",
  requestSharing: 'a municipality or its officer, for a lab of another municipality',
  approveSharingRequest: "officer of the lab's municipality, admin; not the requester",
  declineSharingRequest: "officer of the lab's municipality, admin; not the requester",
  withdrawSharingRequest: 'the requesting municipality or its officer',
  proposeRuleSet: "partner of the lab; officer of the lab's municipality",
  approveRuleSet: "officer of the lab's municipality (not the proposer)",
  rejectRuleSet: "officer of the lab's municipality",
  withdrawRuleSet: 'the proposer',
  activateRuleSet: "officer of the lab's municipality; admin",
  retireRuleSet: "officer of the lab's municipality; admin",
  setSensorRegisterEntry: "officer of the lab's municipality; admin",
  runComplianceScan: "with lab: officer of the lab's municipality, admin; hub-wide: admin",
};

describe('tenancy: every Query and Subscription field against the audience rule', () => {
  let dataDir: string;
  let hub: RunningHub;
  const tokens = {} as Record<AudienceName, string>;
  const ctx: Ctx = { agreementId: '' };
  const hourMs = 3_600_000;
  const twoAgo = new Date((Math.floor(Date.now() / hourMs) - 2) * hourMs).toISOString();

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    await provisionDevice(hub, dataDir, LAB, 'lp-1'); // creates scheveningen for den-haag
    await createLab(hub, admin, OTHER_LAB, 'leiden');
    const municipality = async (m: string) =>
      (await createToken(hub, admin, { role: 'municipality', municipality: m })).token;
    tokens.admin = admin;
    tokens.owner = await municipality('den-haag');
    tokens.granteeReadings = await municipality('delft');
    tokens.granteeAggregates = await municipality('wassenaar');
    tokens.noAgreement = await municipality('rijswijk');
    tokens.partner = (await createToken(hub, admin, { role: 'partner', lab: LAB })).token;
    const officer = async (m: string) =>
      (
        await createToken(hub, admin, {
          role: 'privacy-officer',
          municipality: m,
          holder: `fg@${m}.example`,
        })
      ).token;
    tokens.ownOfficer = await officer('den-haag');
    tokens.foreignOfficer = await officer('leiden');
    const until = '2999-01-01';
    ctx.agreementId = await grant(hub, tokens.owner, {
      lab: LAB,
      to: 'delft',
      kinds: ['camera'],
      until,
      level: 'readings',
    });
    await grant(hub, tokens.owner, {
      lab: LAB,
      to: 'wassenaar',
      kinds: ['camera'],
      until,
      level: 'aggregates',
    });
    // The two copies the filter stores of a noisy count, and 12 counts in a closed hour.
    await appendReading(hub, {
      lab: LAB,
      kind: 'camera',
      audience: 'owner',
      values: { copy: 'exact' },
    });
    await appendReading(hub, {
      lab: LAB,
      kind: 'camera',
      audience: 'shared',
      values: { copy: 'noisy' },
    });
    for (let i = 0; i < 12; i++) {
      await appendReading(hub, { lab: LAB, lamppost: 'lp-9', kind: 'camera', observedAt: twoAgo });
    }
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('every Query, Subscription and Mutation field has an entry in the tables', async () => {
    const schema = await gql<{
      __schema: Record<
        'queryType' | 'subscriptionType' | 'mutationType',
        { fields: { name: string }[] }
      >;
    }>(
      hub,
      tokens.admin,
      `{ __schema { queryType { fields { name } } subscriptionType { fields { name } } mutationType { fields { name } } } }`,
    );
    const names = (t: 'queryType' | 'subscriptionType' | 'mutationType') =>
      schema.__schema[t].fields.map((f) => f.name).sort();
    expect(names('queryType')).toEqual(Object.keys(TABLE.Query).sort());
    expect(names('subscriptionType')).toEqual(Object.keys(TABLE.Subscription).sort());
    expect(names('mutationType')).toEqual(Object.keys(MUTATIONS).sort());
  });

  /** What one audience gets from one query: its summary, or `refused` (with an error code). */
  const askQuery = async (entry: Entry, token: string): Promise<string> => {
    const { body } = await graphqlHttp<Record<string, unknown>>(hub.httpPort, token, entry.op(ctx));
    if (body.errors?.length) {
      // A refusal is machine-readable: a code (and nothing half-served).
      expect(body.errors[0].extensions?.code).toEqual(expect.any(String));
      expect(body.data ?? null).toBeNull();
      return 'refused';
    }
    return entry.summary(body.data!);
  };

  /** The first event of a subscription, or `refused`; a second event is waited for briefly. */
  const askSubscription = async (entry: Entry, token: string): Promise<string> => {
    const ws = graphqlWs(hub.httpPort, token);
    try {
      const sub = collect<Record<string, unknown>>(ws, entry.op(ctx), {});
      const first = await Promise.race([
        sub.waitFor(1, 10_000).then(() => 'event' as const),
        sub.ended.then((e) => (e ? ('refused' as const) : ('completed' as const))),
      ]);
      if (first !== 'event') return first;
      // Give a wrongly routed second copy the chance to arrive.
      await new Promise((r) => setTimeout(r, 300));
      return sub.items.map((i) => entry.summary(i)).join(' + ');
    } finally {
      await ws.dispose();
    }
  };

  test('each Query field serves each audience what the rule allows', async () => {
    const got: Record<string, Partial<Expect>> = {};
    const want: Record<string, Expect> = {};
    for (const [field, entry] of Object.entries(TABLE.Query)) {
      want[field] = entry.expect;
      got[field] = {};
      for (const audience of AUDIENCES)
        got[field][audience] = await askQuery(entry, tokens[audience]);
    }
    expect(got).toEqual(want);
    await expectHubLive(hub, dataDir, LAB);
  }, 120_000);

  test('each Subscription field serves each audience what the rule allows', async () => {
    const got: Record<string, Partial<Expect>> = {};
    const want: Record<string, Expect> = {};
    for (const [field, entry] of Object.entries(TABLE.Subscription)) {
      want[field] = entry.expect;
      got[field] = {};
      for (const audience of AUDIENCES) {
        got[field][audience] = await askSubscription(entry, tokens[audience]);
      }
    }
    expect(got).toEqual(want);
    await expectHubLive(hub, dataDir, LAB);
  }, 180_000);
});
