import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { countEvents, listenForRejections, publishAcked } from './support/device-replies.js';
import { provisionDevice, type ProvisionedDevice } from './support/devices.js';
import { scrapeValue } from './support/metrics.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

const APPENDED = 'hub_events_appended_total{type="ReadingRecorded"}';

/**
 * A seq identifies a reading. Resending a stored seq with the same body is a retry (acknowledged,
 * stored once); with another body it is DUPLICATE_CONFLICT, for any stored seq (not only the
 * latest) and after a restart too. The appended-events metric counts only real appends.
 */
describe('a reused seq', () => {
  let dataDir: string;
  let hub: RunningHub;
  let login: ProvisionedDevice;
  const observedAt = new Date(Date.now() - 60_000).toISOString();
  const body = (seq: number, celsius: number) => JSON.stringify({ seq, observedAt, celsius });

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
    login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-seq');
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  async function session(
    run: (send: (b: string) => Promise<void>, next: () => Promise<unknown>) => Promise<void>,
  ) {
    const device = await connectDevice(hub.mqttPort, login);
    const replies = await listenForRejections(device, login.topicPrefix);
    const send = async (b: string) =>
      expect(await publishAcked(device, `${login.topicPrefix}temperature`, b)).toBe(true);
    await run(send, () => replies.next('temperature'));
    await device.endAsync();
  }

  test('seq 40, 41, then 40 with a new body: DUPLICATE_CONFLICT, nothing counted', async () => {
    await session(async (send, next) => {
      await send(body(40, 10));
      await send(body(41, 11));
      const appended = await scrapeValue(hub.httpPort, dataDir, APPENDED);
      const rejectedBefore = countEvents(dataDir, 'MessageRejected', 'lp-seq');

      await send(body(40, 25));
      expect(await next()).toMatchObject({ code: 'DUPLICATE_CONFLICT', field: 'seq', seq: 40 });
      expect(countEvents(dataDir, 'MessageRejected', 'lp-seq')).toBe(rejectedBefore + 1);

      await send(body(40, 10)); // the true resend: acknowledged, not stored again
      expect(countEvents(dataDir, 'ReadingRecorded', 'lp-seq')).toBe(2);
      expect(await scrapeValue(hub.httpPort, dataDir, APPENDED)).toBe(appended);
    });
  });

  test('after a restart (empty seq memory) a new body for a stored seq is still refused', async () => {
    await hub.close();
    hub = await startTestHub(dataDir);
    await session(async (send, next) => {
      await send(body(41, 30));
      expect(await next()).toMatchObject({ code: 'DUPLICATE_CONFLICT', seq: 41 });
      await send(body(41, 11));
      await send(body(42, 12));
      expect(countEvents(dataDir, 'ReadingRecorded', 'lp-seq')).toBe(3);
      expect(await scrapeValue(hub.httpPort, dataDir, APPENDED)).toBe(1);
    });
  });
});
