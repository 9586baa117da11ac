import { afterAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { countEvents, listenForRejections, publishAcked } from './support/device-replies.js';
import { provisionDevice } from './support/devices.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const TEN_MINUTES_MS = 10 * 60_000;

/**
 * HUB_MAX_CLOCK_SKEW_SEC is the one bound on how far ahead observedAt may be: the validator and
 * the privacy filter both obey it. Raised to 15 minutes, a reading 10 minutes ahead is stored; at
 * the default (5 minutes) it is refused as FUTURE_TIMESTAMP.
 */
describe('HUB_MAX_CLOCK_SKEW_SEC', () => {
  const started: { hub: RunningHub; dataDir: string }[] = [];
  afterAll(async () => {
    for (const { hub, dataDir } of started) {
      await hub.close();
      removeDir(dataDir);
    }
  });

  async function sendAhead(extra: Record<string, string>, lamppost: string) {
    const dataDir = tempDataDir();
    const hub = await startTestHub(dataDir, extra);
    started.push({ hub, dataDir });
    const login = await provisionDevice(hub, dataDir, 'scheveningen', lamppost);
    const device = await connectDevice(hub.mqttPort, login);
    const replies = await listenForRejections(device, login.topicPrefix);
    const observedAt = new Date(Date.now() + TEN_MINUTES_MS).toISOString();
    const acked = await publishAcked(
      device,
      `${login.topicPrefix}temperature`,
      JSON.stringify({ seq: 1, observedAt, celsius: 18 }),
    );
    const stored = countEvents(dataDir, 'ReadingRecorded', lamppost);
    const rejected = countEvents(dataDir, 'MessageRejected', lamppost);
    const reply = stored === 0 ? await replies.next('temperature') : undefined;
    await device.endAsync();
    return { acked, stored, rejected, reply };
  }

  test('raised to 900 s, a reading 10 minutes ahead is stored', async () => {
    const outcome = await sendAhead({ HUB_MAX_CLOCK_SKEW_SEC: '900' }, 'lp-ahead');
    expect(outcome).toMatchObject({ acked: true, stored: 1, rejected: 0 });
  });

  test('at the default, the same reading is refused as FUTURE_TIMESTAMP', async () => {
    const outcome = await sendAhead({}, 'lp-ahead');
    expect(outcome).toMatchObject({ acked: true, stored: 0, rejected: 1 });
    expect(outcome.reply).toMatchObject({ code: 'FUTURE_TIMESTAMP', field: 'observedAt', seq: 1 });
  });
});
