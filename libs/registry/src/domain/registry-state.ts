import {
  DEVICE_CREDENTIALS_ROTATED,
  DEVICE_PROVISIONED,
  DEVICE_REVOKED,
  LAB_CREATED,
  LAMPPOST_DECOMMISSIONED,
  LAMPPOST_POSITION_SET,
  MUNICIPALITY_REGISTERED,
  type Position,
  type RegistryEvent,
} from '@hub/contracts';
import { deviceKey } from './registry-ids.js';

export type DeviceStatus = 'active' | 'revoked' | 'decommissioned';

export interface MunicipalityState {
  readonly municipality: string;
  readonly revision: number;
}

export interface LabState {
  readonly lab: string;
  readonly municipality: string;
  readonly createdAt: string;
  readonly revision: number;
}

export interface DeviceState {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
  readonly topicPrefix: string;
  readonly passwordHash: string;
  readonly status: DeviceStatus;
  /** Where the lamppost stands, when given at provisioning or set later. */
  readonly position?: Position;
  readonly provisionedAt: string;
  readonly changedAt: string;
  /** Revision of the device stream's last event: the expected revision of the next change. */
  readonly revision: number;
}

/** Where an event sits: its revision in its stream and when the store recorded it. */
export interface EventPlace {
  readonly revision: number;
  readonly recordedAt: string;
}

/**
 * The registry as folded from its events. Mutable maps for speed; only `apply` changes them,
 * so the state is always exactly the fold of the events applied so far.
 */
export class RegistryState {
  readonly municipalities = new Map<string, MunicipalityState>();
  readonly labs = new Map<string, LabState>();
  /** Keyed by `{lab}.{lamppost}`, which is also the device's username. */
  readonly devices = new Map<string, DeviceState>();

  device(lab: string, lamppost: string): DeviceState | undefined {
    return this.devices.get(deviceKey(lab, lamppost));
  }

  apply(event: RegistryEvent, place: EventPlace): void {
    switch (event.type) {
      case MUNICIPALITY_REGISTERED:
        this.municipalities.set(event.data.municipality, {
          municipality: event.data.municipality,
          revision: place.revision,
        });
        return;
      case LAB_CREATED:
        this.labs.set(event.data.lab, {
          lab: event.data.lab,
          municipality: event.data.municipality,
          createdAt: place.recordedAt,
          revision: place.revision,
        });
        return;
      case DEVICE_PROVISIONED:
      case DEVICE_CREDENTIALS_ROTATED: {
        const { lab, lamppost, username, passwordHash, topicPrefix } = event.data;
        const before = this.device(lab, lamppost);
        const position = event.data.position ?? before?.position;
        this.devices.set(deviceKey(lab, lamppost), {
          lab,
          lamppost,
          username,
          passwordHash,
          topicPrefix,
          status: 'active',
          ...(position && { position }),
          provisionedAt: before?.provisionedAt ?? place.recordedAt,
          changedAt: place.recordedAt,
          revision: place.revision,
        });
        return;
      }
      case DEVICE_REVOKED:
      case LAMPPOST_DECOMMISSIONED: {
        const before = this.device(event.data.lab, event.data.lamppost);
        if (!before) return; // a stream read partially (retention) cannot revoke what it never saw
        this.devices.set(deviceKey(before.lab, before.lamppost), {
          ...before,
          status: event.type === DEVICE_REVOKED ? 'revoked' : 'decommissioned',
          changedAt: place.recordedAt,
          revision: place.revision,
        });
        return;
      }
      case LAMPPOST_POSITION_SET: {
        const before = this.device(event.data.lab, event.data.lamppost);
        if (!before) return;
        this.devices.set(deviceKey(before.lab, before.lamppost), {
          ...before,
          position: event.data.position,
          changedAt: place.recordedAt,
          revision: place.revision,
        });
        return;
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }
}
