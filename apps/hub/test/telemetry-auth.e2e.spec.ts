import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { RunningHub } from '../src/hub.js';
import {
  adminToken,
  metricsToken,
  removeDir,
  startTestHub,
  tempDataDir,
} from './support/test-hub.js';

const CONFIGURED = 'prometheus-scrape-token-0123456789';

/** One GET with a generous bound, so a busy machine cannot hang the test. */
const get = (hub: RunningHub, path: string, token?: string) =>
  fetch(`http://127.0.0.1:${hub.httpPort}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });

describe('telemetry is not public (issue 11, finding 7)', () => {
  let dataDir: string;
  let hub: RunningHub;

  beforeAll(async () => {
    dataDir = tempDataDir();
    hub = await startTestHub(dataDir);
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    removeDir(dataDir);
  });

  test('/metrics refuses anonymous, wrong-token and admin-token scrapes with a code and a reason', async () => {
    const tokens = [
      undefined,
      'guess',
      () => `${metricsToken(dataDir)}x`,
      () => adminToken(dataDir),
    ];
    for (const given of tokens) {
      const token = typeof given === 'function' ? given() : given;
      const res = await get(hub, '/metrics', token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await res.json()) as { code?: string; message?: string };
      expect(body.code).toBe('METRICS_TOKEN_REQUIRED');
      expect(body.message).toContain('metrics-token');
      expect(JSON.stringify(body)).not.toContain('hub_');
    }
    // Still live for everyone meanwhile.
    expect((await get(hub, '/health/live')).status).toBe(200);
  });

  test('/metrics answers the metrics token the hub created in its data dir', async () => {
    const res = await get(hub, '/metrics', metricsToken(dataDir));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('hub_events_appended_total');
  });

  test('readiness says only up or down without the token, the details with it', async () => {
    for (const path of ['/health', '/health/ready']) {
      const anonymous = await get(hub, path);
      expect(anonymous.status).toBe(200);
      expect(await anonymous.json()).toEqual({ status: 'ok' });

      const detailed = await get(hub, path, metricsToken(dataDir));
      expect(detailed.status).toBe(200);
      const body = (await detailed.json()) as { info?: Record<string, unknown> };
      expect(body.info).toMatchObject({
        eventStore: { status: 'up' },
        mqtt: { status: 'up', listening: true },
      });
    }
  });
});

describe('HUB_METRICS_TOKEN', () => {
  test('a configured token is the one Prometheus uses; the hub then writes no token file', async () => {
    const dataDir = tempDataDir();
    const hub = await startTestHub(dataDir, { HUB_METRICS_TOKEN: CONFIGURED });
    try {
      expect((await get(hub, '/metrics', CONFIGURED)).status).toBe(200);
      expect((await get(hub, '/metrics')).status).toBe(401);
      expect(() => metricsToken(dataDir)).toThrow(/ENOENT/);
    } finally {
      await hub.close();
      removeDir(dataDir);
    }
  }, 180_000);
});
