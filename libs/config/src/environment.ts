import { loadHubConfig } from './load-hub-config.js';
import type { HubConfig } from './hub-config.js';

/** The one place in the hub that reads `process.env`. */
export function readHubConfigFromEnvironment(): HubConfig {
  return loadHubConfig(process.env);
}
