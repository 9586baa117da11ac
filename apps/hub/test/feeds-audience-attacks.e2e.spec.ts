import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { appendReading, createToken, gql, grant } from './feeds-fixtures.js';
import { ACTIVATE, APPROVE, PROPOSE, shippedRuleSet } from './privacy-officer-helpers.js';
import { graphqlHttp } from './support/clients.js';
import { expectHubLive } from './support/liveness.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
const LAMPPOSTS = `query ($lab: String!) { lampposts(lab: $lab) { id latest { kind values } } }`;
const AGGREGATES = `query ($lab: String!) {
  aggregates(lab: $lab, kinds: ["camera"]) { hour count suppressed noisy agreementId }
}`;

interface Latest {
  lampposts: { id: string; latest: { kind: string; values: { copy?: string } }[] }[];
}
interface Agg {
  aggregates: { hour: string; count: number | null; suppressed: boolean; noisy: boolean }[];
}

/**
 * Issue 11, finding 3: a grantee must never read the owner's exact copy, through any field.
 * Attacks through the real hub over HTTP: lampposts.latest, shared aggregates after a rule change
 * approved by governance, and "what can I see" with agreements at both levels.
 */
describe('one audience decision: grantees never get the owner copy', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let owner: string;
  let delft: string;
  let leiden: string;
  let soundAgreement: string;
  const hourMs = 3_600_000;
  const twoAgo = new Date((Math.floor(Date.now() / hourMs) - 2) * hourMs).toISOString();

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    // Creates scheveningen for den-haag, as a real deployment does.
    await provisionDevice(hub, dataDir, LAB, 'lp-setup');
    owner = (await createToken(hub, admin, { role: 'municipality', municipality: 'den-haag' }))
      .token;
    delft = (await createToken(hub, admin, { role: 'municipality', municipality: 'delft' })).token;
    leiden = (await createToken(hub, admin, { role: 'municipality', municipality: 'leiden' }))
      .token;
    const until = '2999-01-01';
    await grant(hub, owner, { lab: LAB, to: 'delft', kinds: ['camera'], until, level: 'readings' });
    soundAgreement = await grant(hub, owner, {
      lab: LAB,
      to: 'delft',
      kinds: ['sound'],
      until,
      level: 'aggregates',
    });
    await grant(hub, owner, {
      lab: LAB,
      to: 'leiden',
      kinds: ['camera'],
      until,
      level: 'aggregates',
    });
    // What the filter stores for a noisy camera count: the owner's exact copy and its noisy twin.
    for (const lamppost of ['lp-1', 'lp-2']) {
      await appendReading(hub, {
        lab: LAB,
        lamppost,
        kind: 'camera',
        audience: 'owner',
        values: { copy: 'exact' },
      });
      await appendReading(hub, {
        lab: LAB,
        lamppost,
        kind: 'camera',
        audience: 'shared',
        values: { copy: 'noisy' },
      });
    }
    // 12 readings in one closed hour: above the shipped k (5), below the k of version 2 (20).
    for (let i = 0; i < 12; i++) {
      await appendReading(hub, {
        lab: LAB,
        lamppost: 'lp-3',
        kind: 'camera',
        observedAt: twoAgo,
        values: { copy: 'count' },
      });
    }
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  const latestCopies = async (token: string): Promise<string[]> =>
    (await gql<Latest>(hub, token, LAMPPOSTS, { lab: LAB })).lampposts
      .filter((lp) => lp.id === 'lp-1' || lp.id === 'lp-2')
      .flatMap((lp) =>
        lp.latest.filter((r) => r.kind === 'camera').map((r) => r.values.copy ?? '?'),
      );

  test('lampposts.latest: the grantee gets the noisy copy, never the exact one', async () => {
    expect(await latestCopies(owner)).toEqual(['exact', 'exact']);
    expect(await latestCopies(admin)).toEqual(['exact', 'exact']);
    expect(await latestCopies(delft)).toEqual(['noisy', 'noisy']);
    await expectHubLive(hub, dataDir, LAB);
  });

  test('lampposts.latest: an aggregates-level grantee gets nothing, with a reason', async () => {
    const { body } = await graphqlHttp(hub.httpPort, leiden, LAMPPOSTS, { lab: LAB });
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'WRONG_LEVEL',
    });
  });

  test('whatCanISee lists the aggregates-level agreement next to the readings-level one', async () => {
    const seen = await gql<{
      whatCanISee: {
        readings: { lab: string; kinds: string[] | null }[];
        aggregatesOnly: {
          lab: string;
          level: string;
          kinds: string[] | null;
          agreementIds: string[];
        }[];
      };
    }>(
      hub,
      delft,
      `query { whatCanISee { readings { lab kinds } aggregatesOnly { lab level kinds agreementIds } } }`,
    );
    expect(seen.whatCanISee.readings).toEqual([{ lab: LAB, kinds: ['camera'] }]);
    expect(seen.whatCanISee.aggregatesOnly).toEqual([
      { lab: LAB, level: 'aggregates', kinds: ['sound'], agreementIds: [soundAgreement] },
    ]);
  });

  test('shared aggregates use k of the newly approved and activated rule version', async () => {
    const hourOf = async (token: string) =>
      (await gql<Agg>(hub, token, AGGREGATES, { lab: LAB })).aggregates.find(
        (a) => a.hour === twoAgo,
      );
    // Version 1 (k = 5): 12 readings are shared, with noise.
    expect(await hourOf(leiden)).toMatchObject({ suppressed: false, noisy: true });

    const officerA = (
      await createToken(hub, admin, {
        role: 'privacy-officer',
        municipality: 'den-haag',
        holder: 'a@dh.example',
      })
    ).token;
    const officerB = (
      await createToken(hub, admin, {
        role: 'privacy-officer',
        municipality: 'den-haag',
        holder: 'b@dh.example',
      })
    ).token;
    const v2 = shippedRuleSet();
    v2.version = 2;
    const camera = v2.kinds.camera as unknown as {
      counts: { k: number; noise: { epsilon: number } };
    };
    camera.counts.k = 20;
    await gql(hub, officerA, PROPOSE, {
      input: {
        lab: LAB,
        content: v2,
        reason: 'fewer people per hour is identifying here',
        reference: 'DPIA-11',
      },
    });
    await gql(hub, officerB, APPROVE, { lab: LAB, version: 2 });
    await gql(hub, officerB, ACTIVATE, { lab: LAB, version: 2 });

    // Version 2 is in force at once (no restart): 12 < 20, so the shared figure is suppressed.
    expect(await hourOf(leiden)).toMatchObject({ count: null, suppressed: true, noisy: false });
    // A readings-level agreement includes aggregates: the same suppression applies.
    expect(await hourOf(delft)).toMatchObject({ count: null, suppressed: true, noisy: false });
    // The owner still reads the exact count.
    expect(await hourOf(owner)).toMatchObject({ count: 12, suppressed: false, noisy: false });
    // The governance dry run compares against the same version in force.
    const dry = await gql<{ privacyDryRun: { activeVersion: number } }>(
      hub,
      officerA,
      `query ($input: DryRunInput!) { privacyDryRun(input: $input) { activeVersion } }`,
      {
        input: {
          lab: LAB,
          version: 2,
          samples: [
            {
              kind: 'temperature',
              lamppost: 'lp-1',
              payload: { seq: 1, observedAt: new Date().toISOString(), celsius: 20 },
            },
          ],
        },
      },
    );
    expect(dry.privacyDryRun.activeVersion).toBe(2);
    await expectHubLive(hub, dataDir, LAB);
  }, 180_000);
});
