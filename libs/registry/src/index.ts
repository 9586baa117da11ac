export { RegistryModule } from './registry.module.js';
export { RegistryService } from './application/registry-service.js';
export { DeviceAuthenticator } from './application/device-authenticator.js';
export { mayManageLab } from './application/registry-authorization.js';
export type { DeviceView, IssuedCredentials, LabView } from './application/registry-views.js';
export {
  AlreadyRevokedError,
  InvalidIdError,
  LabExistsError,
  LamppostDecommissionedError,
  LamppostExistsError,
  RegistryConflictError,
  RegistryError,
  RegistryForbiddenError,
  UnknownLabError,
  UnknownLamppostError,
  isRegistryError,
} from './domain/registry-errors.js';
export {
  DEVICE_CREDENTIALS_ROTATED,
  DEVICE_PROVISIONED,
  DEVICE_REVOKED,
  LAB_CREATED,
  LAMPPOST_DECOMMISSIONED,
  MUNICIPALITY_REGISTERED,
  REGISTRY_EVENT_TYPES,
  type Actor,
} from './domain/registry-events.js';
export { SCRYPT_PARAMS } from './credentials/scrypt-hash.js';
export { Device } from './graphql/registry.models.js';
