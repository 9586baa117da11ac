import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { createLab, issueToken, shippedRuleSet } from './privacy-officer-helpers.js';
import { runHubctl, type HubctlRun } from './support/hubctl.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';
/**
 * Each test runs several hubctl processes (the built CLI, a few seconds each to start on a busy
 * shared machine) against the test hub: a bound for that, not Jest's 30 s default.
 */
const HUBCTL_TESTS_MS = 600_000;

interface VersionJson {
  version: number;
  status: string;
  author: { name: string } | null;
  approver: { name: string } | null;
  summary: string[];
  content?: { kinds: { temperature: { fields: { celsius: { decimals: number } } } } };
}

describe('hubctl privacy rules: list, show, dry-run, propose, approve, reject, activate', () => {
  let dataDir: string;
  let hub: RunningHub;
  let officerAFile: string;
  let officerBFile: string;

  /** One hubctl run with the token in `tokenFile` (an officer's own token). */
  const rules = (tokenFile: string, ...args: string[]): Promise<HubctlRun> =>
    runHubctl(
      ['privacy', 'rules', ...args, '--token-file', tokenFile],
      { HUB_URL: `http://127.0.0.1:${hub.httpPort}` },
      // One CLI process; at a load average of 15 on two cores a start took over 30 s.
      90_000,
    );
  /** A run that must succeed with --json: stdout is exactly one JSON document. */
  const json = async <T>(tokenFile: string, ...args: string[]): Promise<T> => {
    const run = await rules(tokenFile, ...args, '--json');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    return JSON.parse(run.stdout) as T;
  };
  const ruleFile = (name: string, content: unknown): string => {
    const file = join(dataDir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'den-haag');
    const officer = (holder: string) =>
      issueToken(hub, admin, { role: 'privacy-officer', municipality: 'den-haag', holder });
    officerAFile = join(dataDir, 'officer-a.token');
    writeFileSync(officerAFile, await officer('a.fg@denhaag.example'));
    officerBFile = join(dataDir, 'officer-b.token');
    writeFileSync(officerBFile, await officer('b.fg@denhaag.example'));
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test(
    'list and show the version in force, in plain words and as JSON with its rule set',
    async () => {
      const list = await json<VersionJson[]>(officerAFile, 'list', '--lab', LAB);
      expect(list.map((v) => [v.version, v.status])).toEqual([[1, 'active']]);
      const shown = await json<VersionJson>(officerAFile, 'show', '--lab', LAB);
      expect(shown).toMatchObject({ version: 1, status: 'active' });
      expect(shown.content?.kinds.temperature.fields.celsius.decimals).toBe(1);
      const text = await rules(officerAFile, 'show', '--lab', LAB);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain('version 1: active');
      expect(text.stdout).toContain('camera: frames dropped unread');
    },
    HUBCTL_TESTS_MS,
  );

  test(
    'a bad rule file is refused naming the field; dry-run shows what would change; four eyes',
    async () => {
      const bad = shippedRuleSet();
      bad.version = 2;
      (bad.kinds.sound as unknown as Record<string, unknown>).windowSeconds = 0;
      const refused = await rules(
        officerAFile,
        'propose',
        '--file',
        ruleFile('bad.json', bad),
        '--reason',
        'shorter windows',
        '--reference',
        'DPIA-9',
        '--json',
      );
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('$.kinds.sound.windowSeconds');

      const v2 = shippedRuleSet();
      v2.version = 2;
      v2.kinds.temperature!.fields.celsius.decimals = 0;
      const file = ruleFile('v2.json', v2);
      const dry = await json<{ changes: string[]; proposalVersion: number }>(
        officerAFile,
        'dry-run',
        '--lab',
        LAB,
        '--file',
        file,
        '--samples',
        ruleFile('samples.json', [
          {
            kind: 'temperature',
            payload: { seq: 1, observedAt: new Date().toISOString(), celsius: 20.14 },
          },
        ]),
      );
      expect(dry.proposalVersion).toBe(2);
      expect(dry.changes).toContain('would change celsius: 20.1 -> 20');

      const proposed = await json<VersionJson>(
        officerAFile,
        'propose',
        '--file',
        file,
        '--reason',
        'whole degrees are enough for the heat plan',
        '--reference',
        'DPIA-2026-04',
      );
      expect(proposed).toMatchObject({
        version: 2,
        status: 'proposed',
        author: { name: 'a.fg@denhaag.example' },
      });

      const self = await rules(officerAFile, 'approve', '--lab', LAB, '--version', '2', '--json');
      expect(self.status).toBe(1);
      expect(self.stdout).toBe('');
      expect(self.stderr).toContain('you proposed version 2');
      expect(self.stderr).toContain('a second privacy officer');

      const approved = await json<VersionJson>(
        officerBFile,
        'approve',
        '--lab',
        LAB,
        '--version',
        '2',
        '--note',
        'checked against DPIA section 4',
      );
      expect(approved).toMatchObject({
        status: 'approved',
        approver: { name: 'b.fg@denhaag.example' },
      });
      const active = await json<VersionJson>(
        officerBFile,
        'activate',
        '--lab',
        LAB,
        '--version',
        '2',
      );
      expect(['active', 'scheduled']).toContain(active.status);
      const list = await json<VersionJson[]>(officerAFile, 'list', '--lab', LAB);
      expect(list.map((v) => [v.version, v.status])).toEqual([
        [2, 'active'],
        [1, 'superseded'],
      ]);
    },
    HUBCTL_TESTS_MS,
  );

  test(
    'reject a proposal with a reason; the human-readable list names who and why',
    async () => {
      const v3 = shippedRuleSet();
      v3.version = 3;
      delete v3.kinds.radio;
      await json(
        officerBFile,
        'propose',
        '--file',
        ruleFile('v3.json', v3),
        '--reason',
        'no radio counting this winter',
        '--reference',
        'TICKET-12',
      );
      const rejected = await json<VersionJson>(
        officerAFile,
        'reject',
        '--lab',
        LAB,
        '--version',
        '3',
        '--reason',
        'the council wants the radio counts',
      );
      expect(rejected.status).toBe('rejected');
      const text = await rules(officerAFile, 'list', '--lab', LAB);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain('v3\trejected\tproposed by b.fg@denhaag.example');
      expect(text.stdout).toContain('a.fg@denhaag.example: the council wants the radio counts');
    },
    HUBCTL_TESTS_MS,
  );
});
