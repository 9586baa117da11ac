import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import {
  ACTIVATE,
  APPROVE,
  createLab,
  gql,
  issueToken,
  PROPOSE,
  shippedRuleSet,
  VERIFY,
  VERSIONS,
} from './privacy-officer-helpers.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';

interface Version {
  version: number;
  status: string;
  bootstrap: boolean;
  reason: string | null;
  author: { subject: string; holder: string | null; name: string } | null;
  approver: { subject: string; holder: string | null; name: string } | null;
  closedReason: string | null;
  summary: string[];
}

describe('privacy officer: rule lifecycle with four eyes, through GraphQL with real tokens', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let partner: string;
  let officerA: string;
  let officerB: string;
  /** A second token of officer A's holder (say, a laptop and a phone): the same person. */
  let officerA2: string;
  let officerLeiden: string;
  let municipality: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'den-haag');
    partner = await issueToken(hub, admin, { role: 'partner', lab: LAB, label: 'TNO sensors' });
    officerA = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'a.fg@denhaag.example',
      label: 'FG A',
    });
    officerA2 = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: ' A.FG@DenHaag.example ',
      label: 'FG A, second device',
    });
    officerB = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'b.fg@denhaag.example',
      label: 'FG B',
    });
    officerLeiden = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'leiden',
      holder: 'fg@leiden.example',
    });
    municipality = await issueToken(hub, admin, { role: 'municipality', municipality: 'den-haag' });
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  const versions = async (token = officerA): Promise<Version[]> => {
    const r = await gql<{ ruleSetVersions: Version[] }>(hub, token, VERSIONS, { lab: LAB });
    expect(r.error).toBeUndefined();
    return r.data!.ruleSetVersions;
  };

  test('the shipped rule file is recorded at first start as an active bootstrap version', async () => {
    const list = await versions();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ version: 1, status: 'active', bootstrap: true, author: null });
    expect(list[0].summary.join('\n')).toContain('camera: frames dropped unread');
  });

  test('whatCanISee names the holder, so a console can tell an author from a second officer', async () => {
    const me = await gql<{ whatCanISee: { holder: string | null } }>(
      hub,
      officerA,
      '{ whatCanISee { holder } }',
    );
    expect(me.error).toBeUndefined();
    expect(me.data?.whatCanISee.holder).toBe('a.fg@denhaag.example');
    const adminView = await gql<{ whatCanISee: { holder: string | null } }>(
      hub,
      admin,
      '{ whatCanISee { holder } }',
    );
    expect(adminView.data?.whatCanISee.holder).toBeNull();
  });

  test('a malformed proposal is refused with the path and reason of every error', async () => {
    const bad = shippedRuleSet() as unknown as Record<string, unknown>;
    bad.version = 2;
    const kinds = bad.kinds as Record<string, Record<string, unknown>>;
    kinds.sound.windowSeconds = 0;
    (kinds.temperature.fields as Record<string, unknown>).frame = { type: 'measure' };
    kinds.radio.passRaw = true;
    const r = await gql(hub, partner, PROPOSE, {
      input: { lab: LAB, content: bad, reason: 'more data', reference: 'TICKET-1' },
    });
    expect(r.error?.reason).toBe('RULE_SET_INVALID');
    // The first problem's place, as a form names it (no "$."), and each issue's own field.
    expect(r.error?.field).toBe(r.error?.issues?.[0]?.path.slice(2));
    expect(r.error?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: '$.kinds.sound.windowSeconds',
          field: 'kinds.sound.windowSeconds',
        }),
      ]),
    );
    const paths = r.error?.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.kinds.sound.windowSeconds',
        '$.kinds.temperature.fields.frame',
        '$.kinds.radio.passRaw',
      ]),
    );
    expect(await versions()).toHaveLength(1);
  });

  test('roles: municipality and admin tokens may not propose; a reason and a reference are required', async () => {
    const content = { ...shippedRuleSet(), version: 2 };
    for (const token of [municipality, admin]) {
      const r = await gql(hub, token, PROPOSE, {
        input: { lab: LAB, content, reason: 'x', reference: 'y' },
      });
      expect(r.error?.reason).toBe('ROLE_NOT_ALLOWED');
    }
    const r = await gql(hub, partner, PROPOSE, {
      input: { lab: LAB, content, reason: '  ', reference: 'DPIA-7' },
    });
    expect(r.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
  });

  test('propose, refused approvals (self, admin, other municipality), refused early activation, approve, activate', async () => {
    const v2 = shippedRuleSet();
    v2.version = 2;
    v2.kinds.temperature!.fields.celsius.decimals = 0;
    const proposed = await gql<{ proposeRuleSet: { version: number; status: string } }>(
      hub,
      officerA,
      PROPOSE,
      {
        input: {
          lab: LAB,
          content: v2,
          reason: 'whole degrees are enough for the heat plan',
          reference: 'DPIA-2026-04',
        },
      },
    );
    expect(proposed.error).toBeUndefined();
    expect(proposed.data?.proposeRuleSet).toMatchObject({ version: 2, status: 'proposed' });

    const self = await gql(hub, officerA, APPROVE, { lab: LAB, version: 2 });
    expect(self.error).toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_APPROVAL' });
    // Said so the person refused knows what to do next.
    expect(self.error?.message).toContain('you proposed version 2');
    expect(self.error?.message).toContain('a second privacy officer of "den-haag" must approve it');
    // Four eyes are two persons: another token issued to the same holder is refused too.
    const sameHolder = await gql(hub, officerA2, APPROVE, { lab: LAB, version: 2 });
    expect(sameHolder.error).toMatchObject({ code: 'FORBIDDEN', reason: 'SELF_APPROVAL' });
    expect(sameHolder.error?.message).toContain(
      'you proposed version 2 (the same person, holder "a.fg@denhaag.example")',
    );
    const byAdmin = await gql(hub, admin, APPROVE, { lab: LAB, version: 2 });
    expect(byAdmin.error).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    const byPartner = await gql(hub, partner, APPROVE, { lab: LAB, version: 2 });
    expect(byPartner.error?.reason).toBe('ROLE_NOT_ALLOWED');
    const otherTown = await gql(hub, officerLeiden, APPROVE, { lab: LAB, version: 2 });
    expect(otherTown.error).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' });
    const early = await gql(hub, officerB, ACTIVATE, { lab: LAB, version: 2 });
    expect(early.error).toMatchObject({ code: 'CONFLICT', reason: 'NOT_APPROVED' });
    expect(early.error?.message).toMatch(/not approved/);

    const approved = await gql<{ approveRuleSet: { status: string } }>(hub, officerB, APPROVE, {
      lab: LAB,
      version: 2,
      note: 'checked against DPIA section 4',
    });
    expect(approved.error).toBeUndefined();
    expect(approved.data?.approveRuleSet.status).toBe('approved');

    const activated = await gql<{ activateRuleSet: { status: string } }>(hub, officerB, ACTIVATE, {
      lab: LAB,
      version: 2,
    });
    expect(activated.error).toBeUndefined();
    expect(activated.data?.activateRuleSet.status).toBe('active');
    const list = await versions();
    expect(list.map((v) => [v.version, v.status])).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
    expect(list[0].author?.subject).not.toBe(list[0].approver?.subject);
    expect([list[0].author?.holder, list[0].approver?.holder]).toEqual([
      'a.fg@denhaag.example',
      'b.fg@denhaag.example',
    ]);
    // The name shown is the person, never a token id.
    expect([list[0].author?.name, list[0].approver?.name]).toEqual([
      'a.fg@denhaag.example',
      'b.fg@denhaag.example',
    ]);
  });

  test('the report names people (holders), never token ids, in json, md and html', async () => {
    const report = async (format: string): Promise<string> => {
      const r = await gql<{ privacyReport: string }>(
        hub,
        officerB,
        `query ($lab: String!, $format: String!) { privacyReport(lab: $lab, format: $format) }`,
        { lab: LAB, format },
      );
      expect(r.error).toBeUndefined();
      return r.data!.privacyReport;
    };
    const doc = JSON.parse(await report('json')) as {
      ruleHistory: { version: number; author: string; approvedBy: string }[];
    };
    expect(doc.ruleHistory.find((v) => v.version === 2)).toMatchObject({
      author: 'a.fg@denhaag.example',
      approvedBy: 'b.fg@denhaag.example',
    });
    const [v2] = await versions();
    for (const text of [await report('md'), await report('html')]) {
      expect(text).toContain('a.fg@denhaag.example');
      expect(text).toContain('b.fg@denhaag.example');
      expect(text).not.toContain(v2.author!.subject);
      expect(text).not.toContain(v2.approver!.subject);
    }
  });

  test('every refusal above was recorded as an event', async () => {
    const r = await gql<{ ruleRefusals: { action: string; code: string; by: { role: string } }[] }>(
      hub,
      officerA,
      `query ($lab: String!) { ruleRefusals(lab: $lab) { action code by { role } } }`,
      { lab: LAB },
    );
    expect(r.error).toBeUndefined();
    const codes = r.data!.ruleRefusals.map((x) => `${x.action}:${x.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'propose:RULE_SET_INVALID',
        'propose:ROLE_NOT_ALLOWED',
        'approve:SELF_APPROVAL',
        'approve:ROLE_NOT_ALLOWED',
        'approve:OUT_OF_SCOPE',
        'activate:NOT_APPROVED',
      ]),
    );
  });

  test('reject and withdraw close a proposal with a reason', async () => {
    const v3 = { ...shippedRuleSet(), version: 3 };
    expect(
      (
        await gql(hub, partner, PROPOSE, {
          input: { lab: LAB, content: v3, reason: 'same as v1', reference: 'T-3' },
        })
      ).error,
    ).toBeUndefined();
    const rejected = await gql(
      hub,
      officerA,
      `mutation { rejectRuleSet(lab: "${LAB}", version: 3, reason: "no need to go back") { status closedReason } }`,
    );
    expect(rejected.data).toEqual({
      rejectRuleSet: { status: 'rejected', closedReason: 'no need to go back' },
    });

    const v4 = { ...shippedRuleSet(), version: 4 };
    await gql(hub, partner, PROPOSE, {
      input: { lab: LAB, content: v4, reason: 'try again', reference: 'T-4' },
    });
    const notMine = await gql(
      hub,
      officerLeiden,
      `mutation { withdrawRuleSet(lab: "${LAB}", version: 4, reason: "x") { status } }`,
    );
    expect(notMine.error?.code).toBe('FORBIDDEN');
    const withdrawn = await gql(
      hub,
      partner,
      `mutation { withdrawRuleSet(lab: "${LAB}", version: 4, reason: "ticket closed") { status } }`,
    );
    expect(withdrawn.data).toEqual({ withdrawRuleSet: { status: 'withdrawn' } });
    const again = await gql(hub, officerB, APPROVE, { lab: LAB, version: 4 });
    expect(again.error).toMatchObject({ code: 'CONFLICT', reason: 'NOT_PROPOSED' });
  });

  test('the diff between two versions, and the chain reported intact', async () => {
    const diff = await gql<{ ruleSetDiff: { changes: { path: string; description: string }[] } }>(
      hub,
      officerA,
      `query { ruleSetDiff(lab: "${LAB}", from: 1, to: 2) { changes { path description } } }`,
    );
    expect(diff.data?.ruleSetDiff.changes).toEqual([
      {
        path: 'kinds.temperature.fields.celsius.decimals',
        description: 'kinds.temperature.fields.celsius.decimals: 1 -> 0',
      },
      { path: 'version', description: 'version: 1 -> 2' },
    ]);
    const chain = await gql<{
      ruleChainVerification: { intact: boolean; labs: { events: number }[] };
    }>(hub, officerA, VERIFY, { lab: LAB });
    expect(chain.data?.ruleChainVerification.intact).toBe(true);
    expect(chain.data?.ruleChainVerification.labs[0]!.events).toBeGreaterThanOrEqual(9);
    const outsider = await gql(hub, officerLeiden, VERIFY, { lab: LAB });
    expect(outsider.error?.reason).toBe('OUT_OF_SCOPE');
  });
});
