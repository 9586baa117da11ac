import { loadHubConfig } from './load-hub-config.js';
import type { HubConfig } from './hub-config.js';

/** What `hubctl` needs: where the hub's API is, the admin token if given, and the hub's own config. */
export interface HubctlConfig {
  /** `HUB_URL`, else `http://localhost:$HUB_HTTP_PORT`. */
  readonly hubUrl: string;
  /** `HUB_ADMIN_TOKEN`, else read from `<HUB_DATA_DIR>/admin-token` when needed. */
  readonly adminToken?: string;
  readonly hub: HubConfig;
}

export function loadHubctlConfig(env: Readonly<Record<string, string | undefined>>): HubctlConfig {
  const hub = loadHubConfig(env);
  const hubUrl = env.HUB_URL?.replace(/\/+$/, '') || `http://localhost:${hub.http.port}`;
  return { hubUrl, adminToken: hub.adminToken, hub };
}

/** The other place allowed to read `process.env`: the CLI's entry. */
export const readHubctlConfigFromEnvironment = (): HubctlConfig => loadHubctlConfig(process.env);
