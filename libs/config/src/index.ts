export { ConfigError, type ConfigProblem } from './config-error.js';
export { readHubConfigFromEnvironment } from './environment.js';
export { HUB_CONFIG, type HubConfig } from './hub-config.js';
export { loadHubConfig } from './load-hub-config.js';
export { HubConfigModule } from './config.module.js';
export {
  loadHubctlConfig,
  readHubctlConfigFromEnvironment,
  type HubctlConfig,
} from './hubctl-config.js';
export { dataDirFiles, withDataDir } from './data-dir.js';
