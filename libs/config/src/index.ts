export { ConfigError, type ConfigProblem } from './config-error.js';
export { readHubConfigFromEnvironment } from './environment.js';
export { HUB_CONFIG, type HubConfig } from './hub-config.js';
export { loadHubConfig } from './load-hub-config.js';
export { ALL_ROLES, parseRoles, type HubRoles } from './hub-roles.js';
export { HubConfigModule } from './config.module.js';
export {
  loadHubctlConfig,
  readHubctlConfigFromEnvironment,
  type HubctlConfig,
} from './hubctl-config.js';
export { dataDirFiles, withDataDir } from './data-dir.js';
export { DataDirInUseError, type DataDirHolder } from './data-dir-lock.js';
export { DataDirNotPrivateError, type TightenedMode } from './data-dir-modes.js';
export { isDataDirRefusal, openDataDir, type DataDirLease } from './open-data-dir.js';
