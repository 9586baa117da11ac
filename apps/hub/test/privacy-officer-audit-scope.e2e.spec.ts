import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { appendReading } from './feeds-fixtures.js';
import { createLab, gql, issueToken } from './privacy-officer-helpers.js';
import { expectHubLive } from './support/liveness.js';
import { provisionDevice } from './support/devices.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const OURS = 'scheveningen'; // den-haag
const THEIRS = 'leiden-centrum'; // leiden

interface Scan {
  lab: string | null;
  eventsScanned: number;
  total: number;
  findings: { location: string }[];
}
const SCAN_FIELDS = 'lab eventsScanned total findings';

/**
 * Issue 11, finding 3 (audits): a privacy officer of one municipality must not run or read
 * audits of another municipality's labs, nor hub-wide ones; an admin may. Real hub over HTTP.
 */
describe('privacy officer audits are scoped to the labs of their municipality', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let denHaag: string;
  let leiden: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    await provisionDevice(hub, dataDir, OURS, 'lp-setup');
    await createLab(hub, admin, THEIRS, 'leiden');
    denHaag = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'fg@denhaag.example',
    });
    leiden = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'leiden',
      holder: 'fg@leiden.example',
    });
    await appendReading(hub, { lab: OURS, kind: 'temperature', values: { celsius: 18 } });
    // Raw data that slipped into Leiden's lab: its location must not reach Den Haag's officer.
    await appendReading(hub, {
      lab: THEIRS,
      kind: 'radio',
      values: { note: 'seen aa:bb:cc:dd:ee:ff near the station' },
    });
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  // Only fields the hub had before lab-scoped audits, so the attack reads the same on both.
  const hubWide = [
    `mutation { runComplianceScan { eventsScanned total } }`,
    `query { complianceScans { total } }`,
    `query { pseudonymKeyEvents { event } }`,
    `query { retentionRuns { ranAt } }`,
  ];
  const ofLab = (lab: string) => [
    `mutation { runComplianceScan(lab: "${lab}") { ${SCAN_FIELDS} } }`,
    `query { complianceScans(lab: "${lab}") { lab } }`,
    `query { retentionRuns(lab: "${lab}") { ranAt } }`,
  ];

  test('an officer cannot run or read hub-wide audits: FORBIDDEN HUB_WIDE', async () => {
    for (const token of [denHaag, leiden]) {
      for (const query of hubWide) {
        const r = await gql(hub, token, query);
        expect({ query, data: r.data ?? null, error: r.error }).toMatchObject({
          query,
          data: null,
          error: { code: 'FORBIDDEN', reason: 'HUB_WIDE' },
        });
      }
    }
    await expectHubLive(hub, dataDir, OURS);
  });

  test("an officer cannot run or read the audits of another municipality's lab: OUT_OF_SCOPE", async () => {
    for (const query of ofLab(OURS)) {
      const r = await gql(hub, leiden, query);
      expect({ query, error: r.error }).toMatchObject({
        query,
        error: { code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' },
      });
    }
  });

  test("an officer scans and reads its own lab only; the admin's hub-wide scan stays the admin's", async () => {
    const all = await gql<{ runComplianceScan: Scan }>(
      hub,
      admin,
      `mutation { runComplianceScan { ${SCAN_FIELDS} } }`,
    );
    expect(all.error).toBeUndefined();
    expect(all.data!.runComplianceScan.lab).toBeNull();
    expect(all.data!.runComplianceScan.findings.map((f) => f.location).join(' ')).toContain(
      `reading-${THEIRS}.`,
    );

    const own = await gql<{ runComplianceScan: Scan }>(hub, denHaag, ofLab(OURS)[0]);
    expect(own.error).toBeUndefined();
    expect(own.data!.runComplianceScan).toMatchObject({ lab: OURS, total: 0, findings: [] });
    expect(own.data!.runComplianceScan.eventsScanned).toBeGreaterThan(0);
    expect(own.data!.runComplianceScan.eventsScanned).toBeLessThan(
      all.data!.runComplianceScan.eventsScanned,
    );

    const listed = await gql<{ complianceScans: { lab: string | null }[] }>(
      hub,
      denHaag,
      ofLab(OURS)[1],
    );
    expect(listed.data?.complianceScans).toEqual([{ lab: OURS }]);
    const adminList = await gql<{ complianceScans: { lab: string | null }[] }>(
      hub,
      admin,
      `query { complianceScans { lab } }`,
    );
    expect(adminList.data?.complianceScans).toEqual([{ lab: OURS }, { lab: null }]);
    for (const query of [...hubWide.slice(2), ofLab(OURS)[2]]) {
      expect((await gql(hub, admin, query)).error).toBeUndefined();
    }
    await expectHubLive(hub, dataDir, OURS);
  });
});
