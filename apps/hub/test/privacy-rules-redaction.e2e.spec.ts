import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { EVENT_STORE, type EventStore } from '@hub/event-store';
import { RULE_ACTION_REFUSED, RULE_REFUSALS_STREAM } from '@hub/governance';
import type { RunningHub } from '../src/hub.js';
import {
  createLab,
  gql,
  issueToken,
  PROPOSE,
  shippedRuleSet,
  VERSIONS,
} from './privacy-officer-helpers.js';
import { adminToken, removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const LAB = 'scheveningen';

// The calibration-frame redaction path was removed (docs/privacy-rules.md, "No images are
// kept"): a rule set that still asks for it is refused by the validator. Here through the
// mutation a privacy officer uses, over HTTP, with a real token.
describe('privacy rules: a rule set with a camera `redaction` block is refused through GraphQL', () => {
  let dataDir: string;
  let hub: RunningHub;
  let officer: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    const admin = adminToken(dataDir);
    await createLab(hub, admin, LAB, 'den-haag');
    officer = await issueToken(hub, admin, {
      role: 'privacy-officer',
      municipality: 'den-haag',
      holder: 'fg@denhaag.example',
    });
  });
  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('coded refusal naming kinds.camera.redaction; no version stored, only the refusal record', async () => {
    const store = hub.app.get<EventStore>(EVENT_STORE);
    const versionsNow = async () => {
      const r = await gql<{ ruleSetVersions: { version: number; status: string }[] }>(
        hub,
        officer,
        VERSIONS,
        { lab: LAB },
      );
      expect(r.error).toBeUndefined();
      return r.data!.ruleSetVersions.map((v) => ({ version: v.version, status: v.status }));
    };
    const before = await versionsNow();
    expect(before).toEqual([{ version: 1, status: 'active' }]);
    const head = await store.headPosition();

    const content = shippedRuleSet() as unknown as {
      version: number;
      kinds: Record<string, Record<string, unknown>>;
    };
    content.version = 2;
    content.kinds.camera.redaction = {
      enabled: true,
      method: 'cover',
      coverClasses: ['face', 'plate'],
      maxFramesPerDay: 4,
      maxRetentionHours: 24,
    };
    const r = await gql(hub, officer, PROPOSE, {
      input: { lab: LAB, content, reason: 'calibration frames', reference: 'DPIA-7' },
    });

    expect(r.data).toBeUndefined();
    expect(r.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RULE_SET_INVALID',
      field: 'kinds.camera.redaction',
      issues: [
        {
          path: '$.kinds.camera.redaction',
          field: 'kinds.camera.redaction',
          reason:
            'not supported: the hub keeps no images, a calibration frame is dropped like every frame',
        },
      ],
    });
    expect(r.error?.message).toContain('kinds.camera.redaction');

    // Nothing of the proposal is stored: no version 2, and the one event the command appended is
    // the refusal record that `ruleRefusals` shows (docs/privacy-officers.md, section 6).
    expect(await versionsNow()).toEqual(before);
    const appended = await store.readAll({ after: head });
    expect(appended.map((e) => [e.streamId, e.type])).toEqual([
      [RULE_REFUSALS_STREAM, RULE_ACTION_REFUSED],
    ]);
    expect(appended[0].data).toMatchObject({
      action: 'propose',
      lab: LAB,
      code: 'RULE_SET_INVALID',
    });
    expect(JSON.stringify(appended[0].data)).not.toContain('coverClasses');
  });
});
