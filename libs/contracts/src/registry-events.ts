/**
 * The registry's events. One stream per aggregate: `municipality-{m}`, `lab-{lab}`,
 * `device-{lab}.{lamppost}`. Every event's metadata carries the actor who caused it.
 * No event ever holds a device secret: only its KDF hash.
 */
export const MUNICIPALITY_REGISTERED = 'MunicipalityRegistered';
export const LAB_CREATED = 'LabCreated';
export const DEVICE_PROVISIONED = 'DeviceProvisioned';
export const DEVICE_CREDENTIALS_ROTATED = 'DeviceCredentialsRotated';
export const DEVICE_REVOKED = 'DeviceRevoked';
export const LAMPPOST_DECOMMISSIONED = 'LamppostDecommissioned';
export const LAMPPOST_POSITION_SET = 'LamppostPositionSet';

export const REGISTRY_EVENT_TYPES = [
  MUNICIPALITY_REGISTERED,
  LAB_CREATED,
  DEVICE_PROVISIONED,
  DEVICE_CREDENTIALS_ROTATED,
  DEVICE_REVOKED,
  LAMPPOST_DECOMMISSIONED,
  LAMPPOST_POSITION_SET,
] as const;

export interface MunicipalityRegistered {
  readonly municipality: string;
}

export interface LabCreated {
  readonly lab: string;
  readonly municipality: string;
}

/** Where a lamppost stands: WGS84 degrees (EPSG:4326), as a map or GPS gives them. */
export interface Position {
  readonly lat: number;
  readonly lon: number;
}

export interface DeviceCredentialsIssued {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
  /** scrypt hash of the secret (see credentials/scrypt-hash.ts); the secret itself is never stored. */
  readonly passwordHash: string;
  readonly topicPrefix: string;
  /** Given at provisioning (optional); absent on rotations, which keep the position. */
  readonly position?: Position;
}

export interface DeviceChanged {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
}

export interface LamppostPositionSet {
  readonly lab: string;
  readonly lamppost: string;
  readonly position: Position;
}

export type RegistryEvent =
  | { readonly type: typeof MUNICIPALITY_REGISTERED; readonly data: MunicipalityRegistered }
  | { readonly type: typeof LAB_CREATED; readonly data: LabCreated }
  | { readonly type: typeof DEVICE_PROVISIONED; readonly data: DeviceCredentialsIssued }
  | { readonly type: typeof DEVICE_CREDENTIALS_ROTATED; readonly data: DeviceCredentialsIssued }
  | { readonly type: typeof DEVICE_REVOKED; readonly data: DeviceChanged }
  | { readonly type: typeof LAMPPOST_DECOMMISSIONED; readonly data: DeviceChanged }
  | { readonly type: typeof LAMPPOST_POSITION_SET; readonly data: LamppostPositionSet };

/** Who caused an event, as recorded in its metadata (never a token). */
export interface Actor {
  readonly role: string;
  readonly subject: string;
}

/** A type alias (not an interface) so it fits the store's `Record<string, unknown>` metadata. */
export type RegistryEventMetadata = {
  readonly actor: Actor;
};

export const isRegistryEventType = (type: string): type is RegistryEvent['type'] =>
  (REGISTRY_EVENT_TYPES as readonly string[]).includes(type);
