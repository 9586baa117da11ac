export { RegistryModule } from './registry.module.js';
export { RegistryService } from './application/registry-service.js';
export { DeviceAuthenticator } from './application/device-authenticator.js';
export { mayManageLab } from './application/registry-authorization.js';
export type { DeviceView, IssuedCredentials, LabView } from './application/registry-views.js';
export {
  AlreadyRevokedError,
  InvalidIdError,
  InvalidPositionError,
  LabExistsError,
  LamppostDecommissionedError,
  LamppostExistsError,
  RegistryConflictError,
  RegistryError,
  RegistryForbiddenError,
  UnknownLabError,
  UnknownLamppostError,
} from './domain/registry-errors.js';
export { SCRYPT_PARAMS } from './credentials/scrypt-hash.js';
export { Device, Position as PositionModel } from './graphql/registry.models.js';
