import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import { connectDevice } from './support/clients.js';
import { publishAcked } from './support/device-replies.js';
import { provisionDevice } from './support/devices.js';
import { scrapeFamily as scrape } from './support/metrics.js';
import { removeDir, startTestHub, tempDataDir } from './support/test-hub.js';

/**
 * Every distinct label value is a time series the hub keeps until it stops. A device that
 * publishes to a thousand invented kinds must not create a thousand series: unknown kinds are
 * counted under `other`, refusal codes come from the documented enum.
 */
describe('metric labels come from closed sets', () => {
  let dataDir: string;
  let hub: RunningHub;

  beforeAll(async () => {
    dataDir = tempDataDir();
    // Bad-sender throttling would disconnect the device after 100 refusals within a minute.
    hub = await startTestHub(dataDir);
  });
  afterAll(async () => {
    await hub.close();
    removeDir(dataDir);
  });

  test('unknown kind names do not add hub_mqtt_messages_in_total series', async () => {
    const login = await provisionDevice(hub, dataDir, 'scheveningen', 'lp-kinds');
    const device = await connectDevice(hub.mqttPort, login);
    const kinds = Array.from({ length: 60 }, (_, i) => `invented-kind-${i}`);
    for (const kind of kinds) {
      expect(await publishAcked(device, `${login.topicPrefix}${kind}`, '{}')).toBe(true);
    }
    const good = JSON.stringify({ seq: 1, observedAt: new Date().toISOString(), celsius: 9 });
    expect(await publishAcked(device, `${login.topicPrefix}temperature`, good)).toBe(true);
    await device.endAsync();

    const messagesIn = await scrape(hub.httpPort, dataDir, 'hub_mqtt_messages_in_total');
    expect(messagesIn.filter((line) => line.includes('invented-kind'))).toEqual([]);
    expect(messagesIn).toContain('hub_mqtt_messages_in_total{kind="other"} 60');
    expect(messagesIn).toContain('hub_mqtt_messages_in_total{kind="temperature"} 1');
    const rejected = await scrape(hub.httpPort, dataDir, 'hub_mqtt_messages_rejected_total');
    expect(rejected).toEqual(['hub_mqtt_messages_rejected_total{code="UNKNOWN_KIND"} 60']);
  });
});
