import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHubConfig, type HubConfig } from '@hub/config';
import { startHub, type RunningHub } from '../../src/hub.js';

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'hub-test-'));

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** A hub on free loopback ports, quiet, on the given data dir. */
export function testConfig(dataDir: string, extra: Record<string, string> = {}): HubConfig {
  return loadHubConfig({
    HUB_MQTT_PORT: '0',
    HUB_HTTP_PORT: '0',
    HUB_BIND_HOST: '127.0.0.1',
    HUB_DATA_DIR: dataDir,
    HUB_LOG_LEVEL: 'silent',
    ...extra,
  });
}

/**
 * For tests that reach into the API's services through `hub.app` (LiveSessions, Projections,
 * ReadQueries, ...): those run on the broker's thread only with HUB_API_THREAD=main; by default
 * they are on the API's own thread, out of this test's reach (decision 0022).
 */
export const API_ON_BROKER_THREAD = { HUB_API_THREAD: 'main' } as const;

export const startTestHub = (
  dataDir: string,
  extra?: Record<string, string>,
): Promise<RunningHub> => startHub(testConfig(dataDir, extra));

export const adminToken = (dataDir: string): string =>
  readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();

/** The token for `/metrics` and detailed health, created by the hub in its data dir. */
export const metricsToken = (dataDir: string): string =>
  readFileSync(join(dataDir, 'metrics-token'), 'utf8').trim();
