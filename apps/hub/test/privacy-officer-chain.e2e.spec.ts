import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { hashCanonical } from '@hub/privacy';
import {
  deleteStoredEvent,
  editStoredEventData,
} from '../../../libs/event-store/src/sqlite/tamper-stored-event.js';
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
} from './privacy-officer-helpers.js';
import { runHubctl } from './support/hubctl.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
const STREAM = `privacy-rules-${LAB}`;

interface VerifyJson {
  intact: boolean;
  labs: {
    lab: string;
    events: number;
    intact: boolean;
    break?: { revision: number; position: number; type: string; reason: string };
  }[];
}

/** Edits one stored rule event in the SQLite file, as an attacker with disk access would. */
const tamper = (dataDir: string, revision: number, edit: (data: Record<string, unknown>) => void) =>
  editStoredEventData(join(dataDir, 'events.sqlite'), STREAM, revision, edit);

describe('privacy officer: tamper-evident rule history', () => {
  let dataDir: string;
  let hub: RunningHub | undefined;
  const verify = async () => {
    const run = await runHubctl(['privacy', 'verify', '--data-dir', dataDir, '--json'], {});
    return { status: run.status, json: JSON.parse(run.stdout) as VerifyJson, stderr: run.stderr };
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'den-haag');
    const partner = await issueToken(hub, admin, { role: 'partner', lab: LAB });
    const officer = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'fg@denhaag.example',
    });
    const v2 = { ...shippedRuleSet(), version: 2 };
    expect(
      (
        await gql(hub, partner, PROPOSE, {
          input: { lab: LAB, content: v2, reason: 'recalibrated microphones', reference: 'DPIA-9' },
        })
      ).error,
    ).toBeUndefined();
    expect((await gql(hub, officer, APPROVE, { lab: LAB, version: 2 })).error).toBeUndefined();
    expect((await gql(hub, officer, ACTIVATE, { lab: LAB, version: 2 })).error).toBeUndefined();
    await hub.close();
    hub = undefined;
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('hubctl privacy verify reports the untouched chain intact', async () => {
    const { status, json } = await verify();
    expect(status).toBe(0);
    expect(json.intact).toBe(true);
    // bootstrap, proposed, approved, activation scheduled, superseded, activated
    expect(json.labs).toEqual([expect.objectContaining({ lab: LAB, events: 6, intact: true })]);
  });

  test('a changed reason in the stored proposal is found at its position, by hubctl and by GraphQL', async () => {
    tamper(dataDir, 1, (data) => {
      data.reason = 'nothing to see here';
    });
    const { status, json } = await verify();
    expect(status).toBe(1);
    expect(json.intact).toBe(false);
    expect(json.labs[0]?.break).toMatchObject({ revision: 1, type: 'RuleSetProposed' });
    expect(json.labs[0]?.break?.reason).toMatch(/^content changed/);
    expect(json.labs[0]?.break?.position).toBeGreaterThan(0);

    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    const r = await gql<{ ruleChainVerification: VerifyJson }>(hub, admin, VERIFY, { lab: LAB });
    expect(r.data?.ruleChainVerification.intact).toBe(false);
    expect(r.data?.ruleChainVerification.labs[0]?.break).toMatchObject({
      revision: 1,
      position: json.labs[0]?.break?.position,
    });
    // A lab whose history does not verify accepts no change (and the filter gets no rules for it).
    const officer = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'fg2@denhaag.example',
    });
    const blocked = await gql(hub, officer, APPROVE, { lab: LAB, version: 2 });
    expect(blocked.error?.code).toBe('CONFLICT');
    await hub.close();
    hub = undefined;
  });

  test('re-hashing the edited event moves the break to the link of the next one', async () => {
    tamper(dataDir, 1, (data) => {
      const { chain, ...content } = data as { chain: { previousHash: string } };
      data.chain = {
        previousHash: chain.previousHash,
        contentHash: hashCanonical({ type: 'RuleSetProposed', data: content }),
      };
    });
    const { status, json } = await verify();
    expect(status).toBe(1);
    expect(json.labs[0]?.break).toMatchObject({ revision: 2, type: 'RuleSetApproved' });
    expect(json.labs[0]?.break?.reason).toMatch(/^link broken/);
  });
});

describe('privacy officer: a rule history cut short while the hub runs', () => {
  let dataDir: string;
  let hub: RunningHub | undefined;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('GraphQL reports the missing tail, though what is left still links up', async () => {
    if (!hub) throw new Error('hub not started');
    const admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'den-haag');
    const partner = await issueToken(hub, admin, { role: 'partner', lab: LAB });
    const proposed = await gql(hub, partner, PROPOSE, {
      input: {
        lab: LAB,
        content: { ...shippedRuleSet(), version: 2 },
        reason: 'new zones',
        reference: 'DPIA-12',
      },
    });
    expect(proposed.error).toBeUndefined();
    const before = await gql<{ ruleChainVerification: VerifyJson }>(hub, admin, VERIFY, {
      lab: LAB,
    });
    expect(before.data?.ruleChainVerification.labs[0]).toMatchObject({ events: 2, intact: true });

    // Someone with disk access deletes the proposal, the last event of the chain.
    expect(deleteStoredEvent(join(dataDir, 'events.sqlite'), STREAM, 1)).toBe(1);

    const after = await gql<{ ruleChainVerification: VerifyJson }>(hub, admin, VERIFY, {
      lab: LAB,
    });
    expect(after.data?.ruleChainVerification.intact).toBe(false);
    expect(after.data?.ruleChainVerification.labs[0]).toMatchObject({
      events: 1,
      intact: false,
      break: { revision: 1 },
    });
    expect(after.data?.ruleChainVerification.labs[0]?.break?.reason).toMatch(
      /^events missing at the end: this hub has seen revision 1/,
    );
  });
});
