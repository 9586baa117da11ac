import type { ExpectedRevision } from '@hub/event-store';
import {
  AlreadyRevokedError,
  LabExistsError,
  LamppostDecommissionedError,
  LamppostExistsError,
  UnknownLabError,
  UnknownLamppostError,
} from './registry-errors.js';
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
import {
  assertId,
  deviceStream,
  deviceUsername,
  labStream,
  municipalityStream,
  topicPrefixOf,
} from './registry-ids.js';
import { assertPosition } from './registry-position.js';
import type { DeviceState, LabState, RegistryState } from './registry-state.js';

/** One append the application must make: the event, its stream and the revision it expects. */
export interface Decision {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly event: RegistryEvent;
}

/** A lab, and its municipality when that is used for the first time. */
export function decideCreateLab(
  state: RegistryState,
  lab: string,
  municipality: string,
): Decision[] {
  assertId('lab', lab);
  assertId('municipality', municipality);
  const existing = state.labs.get(lab);
  if (existing) throw new LabExistsError(lab, existing.municipality);
  const decisions: Decision[] = [];
  if (!state.municipalities.has(municipality)) {
    decisions.push({
      streamId: municipalityStream(municipality),
      expectedRevision: 'no_stream',
      event: { type: MUNICIPALITY_REGISTERED, data: { municipality } },
    });
  }
  decisions.push({
    streamId: labStream(lab),
    expectedRevision: 'no_stream',
    event: { type: LAB_CREATED, data: { lab, municipality } },
  });
  return decisions;
}

export function requireLab(state: RegistryState, lab: string): LabState {
  assertId('lab', lab);
  const found = state.labs.get(lab);
  if (!found) throw new UnknownLabError(lab);
  return found;
}

/** Checks done before the (slow) secret hashing, and again when deciding. */
export function assertCanProvision(state: RegistryState, lab: string, lamppost: string): void {
  requireLab(state, lab);
  assertId('lamppost', lamppost);
  const device = state.device(lab, lamppost);
  if (device?.status === 'decommissioned') throw new LamppostDecommissionedError(lab, lamppost);
  if (device) throw new LamppostExistsError(lab, lamppost);
}

export function decideProvision(
  state: RegistryState,
  lab: string,
  lamppost: string,
  passwordHash: string,
  position?: Position,
): Decision {
  assertCanProvision(state, lab, lamppost);
  const place = position && assertPosition(position);
  return {
    streamId: deviceStream(lab, lamppost),
    expectedRevision: 'no_stream',
    event: {
      type: DEVICE_PROVISIONED,
      data: {
        lab,
        lamppost,
        username: deviceUsername(lab, lamppost),
        passwordHash,
        topicPrefix: topicPrefixOf(lab, lamppost),
        ...(place && { position: place }),
      },
    },
  };
}

/** The device, unless it is unknown or decommissioned (nothing can change it any more). */
export function requireLiveDevice(
  state: RegistryState,
  lab: string,
  lamppost: string,
): DeviceState {
  requireLab(state, lab);
  assertId('lamppost', lamppost);
  const device = state.device(lab, lamppost);
  if (!device) throw new UnknownLamppostError(lab, lamppost);
  if (device.status === 'decommissioned') throw new LamppostDecommissionedError(lab, lamppost);
  return device;
}

/** New credentials; also how a revoked device is given access again. */
export function decideRotate(
  state: RegistryState,
  lab: string,
  lamppost: string,
  passwordHash: string,
): Decision {
  const device = requireLiveDevice(state, lab, lamppost);
  return {
    streamId: deviceStream(lab, lamppost),
    expectedRevision: device.revision,
    event: {
      type: DEVICE_CREDENTIALS_ROTATED,
      data: {
        lab,
        lamppost,
        username: device.username,
        passwordHash,
        topicPrefix: device.topicPrefix,
      },
    },
  };
}

export function decideRevoke(state: RegistryState, lab: string, lamppost: string): Decision {
  const device = requireLiveDevice(state, lab, lamppost);
  if (device.status === 'revoked') throw new AlreadyRevokedError(lab, lamppost);
  return {
    streamId: deviceStream(lab, lamppost),
    expectedRevision: device.revision,
    event: { type: DEVICE_REVOKED, data: { lab, lamppost, username: device.username } },
  };
}

/** Final: the lamppost's credentials stop working and its id cannot be provisioned again. */
export function decideDecommission(state: RegistryState, lab: string, lamppost: string): Decision {
  const device = requireLiveDevice(state, lab, lamppost);
  return {
    streamId: deviceStream(lab, lamppost),
    expectedRevision: device.revision,
    event: { type: LAMPPOST_DECOMMISSIONED, data: { lab, lamppost, username: device.username } },
  };
}

/** Where a live lamppost stands (moved, or placed after provisioning). */
export function decideSetPosition(
  state: RegistryState,
  lab: string,
  lamppost: string,
  position: Position,
): Decision {
  const device = requireLiveDevice(state, lab, lamppost);
  return {
    streamId: deviceStream(lab, lamppost),
    expectedRevision: device.revision,
    event: {
      type: LAMPPOST_POSITION_SET,
      data: { lab, lamppost, position: assertPosition(position) },
    },
  };
}
