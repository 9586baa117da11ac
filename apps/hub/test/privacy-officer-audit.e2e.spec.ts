import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { REPORT_SECTIONS } from '../../../libs/governance/src/report/privacy-report.js';
import { gql, issueToken, shippedRuleSet } from './privacy-officer-helpers.js';
import { connectDevice } from './support/clients.js';
import { provisionDevice } from './support/devices.js';
import { runHubctl } from './support/hubctl.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
const MESSAGES = 5;

describe('privacy officer: dry run, audit queries, report and public register', () => {
  let dataDir: string;
  let hub: RunningHub;
  let admin: string;
  let officer: string;
  let partner: string;
  let leidenOfficer: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    admin = adminToken(dataDir);
    const login = await provisionDevice(hub, dataDir, LAB, 'lp-001'); // owned by den-haag
    officer = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'fg@denhaag.example',
    });
    partner = await issueToken(hub, admin, { role: 'partner', lab: LAB });
    leidenOfficer = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'leiden',
      holder: 'fg@leiden.example',
    });
    const leiden = await issueToken(hub, admin, { role: 'municipality', municipality: 'leiden' });

    const device = await connectDevice(hub.mqttPort, login);
    for (let seq = 1; seq <= MESSAGES; seq++) {
      await device.publishAsync(
        `labs/${LAB}/lampposts/lp-001/temperature`,
        JSON.stringify({
          seq,
          observedAt: new Date().toISOString(),
          celsius: 19.2,
        }),
        { qos: 1 },
      );
    }
    await device.publishAsync(
      `labs/${LAB}/lampposts/lp-001/radio`,
      JSON.stringify({
        seq: 100,
        observedAt: new Date().toISOString(),
        technology: 'wifi',
        identifiers: ['a4:5e:60:01:02:03'],
      }),
      { qos: 1 },
    );
    await device.endAsync();

    const granted = await gql(
      hub,
      admin,
      `mutation ($input: GrantSharingInput!) { grantSharing(input: $input) { id } }`,
      {
        input: {
          lab: LAB,
          to: 'leiden',
          kinds: ['temperature'],
          purpose: 'heat plan',
          legalBasis: 'public task (Art. 6(1)(e) GDPR)',
          until: '2099-12-31',
        },
      },
    );
    expect(granted.error).toBeUndefined();
    const read = await gql(
      hub,
      leiden,
      `query { readings(filter: { lab: "${LAB}", kind: "temperature" }, first: 5) { edges { node { kind } } } }`,
    );
    expect(read.error).toBeUndefined();

    for (const [kind, purpose] of [
      ['temperature', 'heat stress map of the boulevard'],
      ['camera', 'crowd management on the boulevard in the beach season'],
    ]) {
      const set = await gql(
        hub,
        officer,
        `mutation ($input: SensorRegisterEntryInput!) { setSensorRegisterEntry(input: $input) { kind } }`,
        {
          input: {
            lab: LAB,
            kind,
            purpose,
            legalGround: 'public task (Art. 6(1)(e) GDPR)',
            privacyStatementUrl: 'https://www.denhaag.nl/privacy/sensoren',
            activeUntil: '2027-09-30',
            contact: 'privacy@denhaag.nl',
          },
        },
      );
      expect(set.error).toBeUndefined();
    }
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('dry run: a proposal that newly exposes a field and drops LAmin, in words', async () => {
    const proposal = shippedRuleSet();
    proposal.version = 2;
    proposal.kinds.temperature!.fields.humidity = { type: 'measure', decimals: 0 };
    proposal.kinds.sound!.metrics = ['LAeq', 'LAmax', 'LApeak'];
    const r = await gql<{
      privacyDryRun: {
        activeVersion: number;
        newlyExposed: string[];
        newlyDropped: string[];
        changes: string[];
        samples: {
          source: string;
          kind: string;
          changes: string[];
          active: { readings: unknown[] };
        }[];
      };
    }>(
      hub,
      partner,
      `query ($input: DryRunInput!) { privacyDryRun(input: $input) {
        activeVersion newlyExposed newlyDropped changes
        samples { source kind changes active { readings } }
      } }`,
      {
        input: {
          lab: LAB,
          proposal,
          samples: [
            {
              kind: 'temperature',
              payload: {
                seq: 1,
                observedAt: new Date().toISOString(),
                celsius: 20.1,
                humidity: 77,
              },
            },
          ],
          preset: { kinds: ['sound'] },
        },
      },
    );
    expect(r.error).toBeUndefined();
    const d = r.data!.privacyDryRun;
    expect(d.activeVersion).toBe(1);
    expect(d.samples.map((s) => [s.source, s.kind])).toEqual([
      ['inline', 'temperature'],
      ['preset', 'sound'],
    ]);
    expect(d.samples[0].changes).toEqual(['would newly expose: humidity']);
    expect(d.samples[1].changes).toEqual(['would newly drop: LAmin']);
    expect(d.newlyExposed).toEqual(['humidity']);
    expect(d.newlyDropped).toEqual(['LAmin']);

    const raw = shippedRuleSet() as unknown as {
      kinds: { temperature: { fields: Record<string, unknown> } };
    };
    raw.kinds.temperature.fields.mac = { type: 'measure' };
    const refused = await gql(
      hub,
      partner,
      `query ($input: DryRunInput!) { privacyDryRun(input: $input) { changes } }`,
      { input: { lab: LAB, proposal: raw, preset: { kinds: ['temperature'] } } },
    );
    expect(refused.error?.reason).toBe('RULE_SET_INVALID');
    expect(refused.error?.issues?.[0]?.path).toBe('$.kinds.temperature.fields.mac');
  });

  test('audit: per-version statistics, keys, retention, recipients, compliance scan; scoped to the municipality', async () => {
    const stats = await gql<{
      ruleVersionStats: {
        ruleKey: string;
        messagesFiltered: number;
        fieldsDropped: { name: string; count: number }[];
      }[];
    }>(
      hub,
      officer,
      `query { ruleVersionStats(lab: "${LAB}") { ruleKey messagesFiltered fieldsDropped { name count } } }`,
    );
    expect(stats.error).toBeUndefined();
    const v1 = stats.data!.ruleVersionStats.find((s) => s.ruleKey === 'scheveningen-default@1');
    expect(v1?.messagesFiltered).toBe(MESSAGES + 1);
    // Names of dropped input fields only: the radio message's identifiers never pass.
    expect(v1?.fieldsDropped).toContainEqual({ name: 'identifiers[]', count: 1 });

    // The keyring serves every lab: its lifecycle is a hub-wide audit, for admins.
    const keys = await gql<{ pseudonymKeyEvents: { event: string; keyId: string }[] }>(
      hub,
      admin,
      `query { pseudonymKeyEvents { event keyId at } }`,
    );
    expect(keys.data?.pseudonymKeyEvents.map((k) => k.event)).toContain('key-created');

    const retention = await gql<{ retentionRuns: unknown[] }>(
      hub,
      officer,
      `query { retentionRuns(lab: "${LAB}") { ranAt removedEvents } }`,
    );
    expect(retention.data?.retentionRuns).toEqual([]);

    const recipients = await gql<{
      sharingRecipients: {
        grantee: string;
        kinds: string[];
        ruleVersions: number[];
        accesses: number;
      }[];
    }>(
      hub,
      officer,
      `query { sharingRecipients(lab: "${LAB}") { grantee kinds ruleVersions accesses } }`,
    );
    expect(recipients.data?.sharingRecipients).toEqual([
      { grantee: 'leiden', kinds: ['temperature'], ruleVersions: [1], accesses: 1 },
    ]);

    const scan = await gql<{ runComplianceScan: { clean: boolean; eventsScanned: number } }>(
      hub,
      officer,
      `mutation { runComplianceScan(lab: "${LAB}") { clean eventsScanned total } }`,
    );
    expect(scan.data?.runComplianceScan.clean).toBe(true);
    expect(scan.data?.runComplianceScan.eventsScanned).toBeGreaterThan(MESSAGES);
    const scans = await gql<{ complianceScans: { clean: boolean }[] }>(
      hub,
      officer,
      `query { complianceScans(lab: "${LAB}") { clean by } }`,
    );
    expect(scans.data?.complianceScans).toHaveLength(1);

    const outsider = await gql(
      hub,
      leidenOfficer,
      `query { ruleVersionStats(lab: "${LAB}") { ruleKey } }`,
    );
    expect(outsider.error?.reason).toBe('OUT_OF_SCOPE');
    const partnerAudit = await gql(
      hub,
      partner,
      `query { sharingRecipients(lab: "${LAB}") { grantee } }`,
    );
    expect(partnerAudit.error?.reason).toBe('ROLE_NOT_ALLOWED');
  });

  test('hubctl privacy report: every section, in md, html and json', async () => {
    const env = { HUB_URL: `http://127.0.0.1:${hub.httpPort}`, HUB_ADMIN_TOKEN: admin };
    const md = await runHubctl(
      ['privacy', 'report', '--lab', LAB, '--format', 'md', '--scan'],
      env,
    );
    expect(md.stderr).toContain('compliance scan:');
    expect(md.status).toBe(0);
    for (const title of REPORT_SECTIONS) expect(md.stdout).toContain(`## ${title}`);
    expect(md.stdout).toContain('crowd management on the boulevard');
    expect(md.stdout).toContain('| leiden |');
    expect(md.stdout).toContain('no raw-data signatures found');
    expect(md.stdout).toContain('bootstrap (no four-eyes review)');

    const html = await runHubctl(
      ['privacy', 'report', '--lab', LAB, '--format', 'html', '--out', `${dataDir}/report.html`],
      env,
    );
    expect(html.status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const page = readFileSync(`${dataDir}/report.html`, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('@media print');
    for (const title of REPORT_SECTIONS) expect(page).toContain(`<h2>${title}</h2>`);

    const json = await runHubctl(['privacy', 'report', '--lab', LAB, '--format', 'json'], env);
    const doc = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining([
        'sensors',
        'dataCategories',
        'activeRules',
        'retention',
        'recipients',
        'keyPolicy',
        'complianceScan',
        'ruleHistory',
        'chain',
        'filterStats',
      ]),
    );

    const bad = await runHubctl(['privacy', 'report', '--lab', LAB, '--format', 'pdf'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be md, html or json');
    // Four CLI processes (about 8 s each to start on a busy shared machine: measured with
    // `time node dist/apps/hubctl/src/main.js --help`), plus a scan: more than the 30 s default.
  }, 120_000);

  test('the public register needs no token and lists every registered sensor', async () => {
    const res = await fetch(`http://127.0.0.1:${hub.httpPort}/register/sensors`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sensors: Record<string, unknown>[] };
    expect(body.sensors).toEqual([
      expect.objectContaining({
        id: `${LAB}/lp-001/camera`,
        municipality: 'den-haag',
        purpose: 'crowd management on the boulevard in the beach season',
        legalGround: 'public task (Art. 6(1)(e) GDPR)',
        personalData: true,
        privacyStatement: 'https://www.denhaag.nl/privacy/sensoren',
        activeUntil: '2027-09-30',
        contact: 'privacy@denhaag.nl',
        rules: 'scheveningen-default@1',
      }),
      expect.objectContaining({ id: `${LAB}/lp-001/temperature`, personalData: false }),
    ]);
    const bad = await gql(
      hub,
      officer,
      `mutation ($input: SensorRegisterEntryInput!) { setSensorRegisterEntry(input: $input) { kind } }`,
      {
        input: {
          lab: LAB,
          kind: 'camera',
          purpose: 'x',
          legalGround: 'y',
          privacyStatementUrl: 'not a url',
          activeUntil: '2027-01-01',
          contact: 'z',
        },
      },
    );
    expect(bad.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_URL' });
  });
});
