import type { Position } from '@hub/contracts';
import type { DeviceStatus } from '../domain/registry-state.js';

export interface LabView {
  readonly lab: string;
  readonly municipality: string;
  readonly createdAt: string;
  /** Lampposts provisioned and not decommissioned. */
  readonly devices: number;
}

/** A device as shown to partners and admins: never its password or password hash. */
export interface DeviceView {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
  readonly topicPrefix: string;
  readonly status: DeviceStatus;
  /** WGS84; null until given. */
  readonly position: Position | null;
  readonly provisionedAt: string;
  readonly changedAt: string;
}

/** New credentials: the only moment the password exists outside the device. */
export interface IssuedCredentials {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
  readonly password: string;
  readonly topicPrefix: string;
  readonly position: Position | null;
}
