import { expect } from '@jest/globals';
import type { RunningHub } from '../../src/hub.js';
import { connectDevice } from './clients.js';
import { provisionDevice } from './devices.js';

/** Generous bound for "the hub still answers" on a busy shared machine. */
export const LIVE_WITHIN_MS = 10_000;

let n = 0;

/**
 * The hub stays live for everyone else: `/health/live` answers 200 and a legitimate device of
 * `lab` (a lab of `den-haag`, created on first use) gets the PUBACK of a QoS 1 reading, each
 * within LIVE_WITHIN_MS.
 */
export async function expectHubLive(hub: RunningHub, dataDir: string, lab: string): Promise<void> {
  const health = await fetch(`http://127.0.0.1:${hub.httpPort}/health/live`, {
    signal: AbortSignal.timeout(LIVE_WITHIN_MS),
  });
  expect(health.status).toBe(200);
  const lamppost = `lp-live-${++n}`;
  const login = await provisionDevice(hub, dataDir, lab, lamppost);
  const device = await connectDevice(hub.mqttPort, login);
  let timer: NodeJS.Timeout | undefined;
  try {
    const acked = await Promise.race([
      device
        .publishAsync(
          `labs/${lab}/lampposts/${lamppost}/temperature`,
          JSON.stringify({ seq: 1, observedAt: new Date().toISOString(), celsius: 12.5 }),
          { qos: 1 },
        )
        .then(() => 'puback'),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('no PUBACK in time'), LIVE_WITHIN_MS);
      }),
    ]);
    expect(acked).toBe('puback');
  } finally {
    clearTimeout(timer);
    await device.endAsync();
  }
}
