import { randomUUID } from 'node:crypto';
import type { Principal } from '@hub/access';
import {
  isWrongExpectedRevisionError,
  loadFromLog,
  type EventStore,
  type LogFollower,
  type LogSubscription,
  type RecordedEvent,
} from '@hub/event-store';
import { generateDeviceSecret } from '../credentials/device-secret.js';
import { hashSecret } from '../credentials/scrypt-hash.js';
import {
  assertCanProvision,
  decideCreateLab,
  decideDecommission,
  decideProvision,
  decideRevoke,
  decideRotate,
  decideSetPosition,
  requireLab,
  requireLiveDevice,
  type Decision,
} from '../domain/registry-decisions.js';
import { RegistryConflictError } from '../domain/registry-errors.js';
import { assertPosition } from '../domain/registry-position.js';
import {
  DEVICE_CREDENTIALS_ROTATED,
  DEVICE_REVOKED,
  LAMPPOST_DECOMMISSIONED,
  MUNICIPALITY_REGISTERED,
  REGISTRY_EVENT_TYPES,
  isRegistryEventType,
  type MunicipalityRegistered,
  type Position,
  type RegistryEvent,
  type RegistryEventMetadata,
} from '@hub/contracts';
import { RegistryState, type DeviceState, type LabState } from '../domain/registry-state.js';
import {
  actorOf,
  assertMayCreateLab,
  assertMayManageLab,
  assertMayReadDevices,
  mayManageLab,
} from './registry-authorization.js';
import type { DeviceView, IssuedCredentials, LabView } from './registry-views.js';

/** Called after a device's credentials stopped being valid (rotated, revoked, decommissioned). */
export type CredentialsInvalidatedListener = (username: string) => void;

/** Events after which a device's current credentials no longer open a connection. */
const invalidates = (
  event: RegistryEvent,
): event is Extract<
  RegistryEvent,
  {
    type:
      typeof DEVICE_CREDENTIALS_ROTATED | typeof DEVICE_REVOKED | typeof LAMPPOST_DECOMMISSIONED;
  }
> =>
  event.type === DEVICE_CREDENTIALS_ROTATED ||
  event.type === DEVICE_REVOKED ||
  event.type === LAMPPOST_DECOMMISSIONED;

const deviceView = (d: DeviceState): DeviceView => ({
  lab: d.lab,
  lamppost: d.lamppost,
  username: d.username,
  topicPrefix: d.topicPrefix,
  status: d.status,
  position: d.position ?? null,
  provisionedAt: d.provisionedAt,
  changedAt: d.changedAt,
});

/**
 * The device registry: labs, lampposts and their credentials, event-sourced in the hub's log.
 * The state is folded from the registry's events at boot, then fed by the hub's `LogFollower`: events this
 * service appends are applied at once (read your writes), events other hub nodes on the same
 * log append are applied as they arrive, and a credential rotated, revoked or decommissioned
 * there closes the device's connection here too. Changes are serialized and append with the
 * stream revision they were decided on, so a concurrent writer (on this node or another) is
 * detected instead of overwritten.
 */
export class RegistryService {
  private readonly state = new RegistryState();
  private readonly listeners: CredentialsInvalidatedListener[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** Revision of the last event applied per stream: an event is applied once, whoever saw it first. */
  private readonly applied = new Map<string, number>();
  private subscription: LogSubscription | undefined;

  private constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
  ) {}

  /**
   * A registry with its state rebuilt from every registry event in the log, then fed by
   * `follower` from the head it loaded up to. On PostgreSQL another node's revocation arrives
   * by NOTIFY (a few hundred ms measured end to end, docs/architecture.md) or, while the
   * listener connection is lost, by the store's 2 s safety poll.
   */
  static async open(
    store: EventStore,
    follower: LogFollower,
    clock: () => Date = () => new Date(),
  ): Promise<RegistryService> {
    const service = new RegistryService(store, clock);
    const after = await loadFromLog(store, { after: 0, eventTypes: REGISTRY_EVENT_TYPES }, (e) =>
      service.applyRecorded(e, false),
    );
    service.subscription = follower.register({
      name: 'registry',
      after,
      eventTypes: REGISTRY_EVENT_TYPES,
      handle: (events) => {
        for (const e of events) service.applyRecorded(e, true);
      },
    });
    return service;
  }

  /** Leaves the log follower (before the log closes). */
  close(): Promise<void> {
    this.subscription?.close();
    this.subscription = undefined;
    return Promise.resolve();
  }

  /** Applies an event read from the log unless it was applied already (by `append`). */
  private applyRecorded(recorded: RecordedEvent, live: boolean): void {
    if (!isRegistryEventType(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as RegistryEvent;
    if (!this.applyOnce(recorded.streamId, event, recorded.revision, recorded.recordedAt)) return;
    if (live && invalidates(event) && this.state.device(event.data.lab, event.data.lamppost)) {
      this.invalidated(event.data.lab, event.data.lamppost);
    }
  }

  /** Applies the event at `revision` of `streamId` if it is newer than what was applied. */
  private applyOnce(
    streamId: string,
    event: RegistryEvent,
    revision: number,
    recordedAt: string,
  ): boolean {
    if (revision <= (this.applied.get(streamId) ?? -1)) return false;
    this.applied.set(streamId, revision);
    this.state.apply(event, { revision, recordedAt });
    return true;
  }

  onCredentialsInvalidated(listener: CredentialsInvalidatedListener): void {
    this.listeners.push(listener);
  }

  // --- commands ---------------------------------------------------------------------------

  async createLab(principal: Principal, lab: string, municipality: string): Promise<LabView> {
    assertMayCreateLab(principal);
    return this.serialize(async () => {
      for (const decision of decideCreateLab(this.state, lab, municipality)) {
        if (decision.event.type === MUNICIPALITY_REGISTERED) {
          await this.registerMunicipality(decision, principal);
        } else {
          await this.append(decision, principal);
        }
      }
      return this.labView(this.state.labs.get(lab)!);
    });
  }

  async provisionDevice(
    principal: Principal,
    lab: string,
    lamppost: string,
    position?: Position,
  ): Promise<IssuedCredentials> {
    assertMayManageLab(principal, lab);
    assertCanProvision(this.state, lab, lamppost); // refuse before paying for the KDF
    if (position) assertPosition(position);
    const password = generateDeviceSecret();
    const passwordHash = await hashSecret(password);
    return this.serialize(async () => {
      const decision = decideProvision(this.state, lab, lamppost, passwordHash, position);
      await this.append(decision, principal);
      return this.issued(lab, lamppost, password);
    });
  }

  /** New credentials for a live lamppost (also re-enables a revoked one); the old ones stop working. */
  async rotateDeviceCredentials(
    principal: Principal,
    lab: string,
    lamppost: string,
  ): Promise<IssuedCredentials> {
    assertMayManageLab(principal, lab);
    requireLiveDevice(this.state, lab, lamppost);
    const password = generateDeviceSecret();
    const passwordHash = await hashSecret(password);
    return this.serialize(async () => {
      await this.append(decideRotate(this.state, lab, lamppost, passwordHash), principal);
      this.invalidated(lab, lamppost);
      return this.issued(lab, lamppost, password);
    });
  }

  /** Places (or moves) a live lamppost; its credentials and connection are untouched. */
  async setLamppostPosition(
    principal: Principal,
    lab: string,
    lamppost: string,
    position: Position,
  ): Promise<DeviceView> {
    assertMayManageLab(principal, lab);
    return this.serialize(async () => {
      await this.append(decideSetPosition(this.state, lab, lamppost, position), principal);
      return deviceView(this.state.device(lab, lamppost)!);
    });
  }

  async revokeDevice(principal: Principal, lab: string, lamppost: string): Promise<DeviceView> {
    assertMayManageLab(principal, lab);
    return this.serialize(async () => {
      await this.append(decideRevoke(this.state, lab, lamppost), principal);
      return this.invalidated(lab, lamppost);
    });
  }

  async decommissionLamppost(
    principal: Principal,
    lab: string,
    lamppost: string,
  ): Promise<DeviceView> {
    assertMayManageLab(principal, lab);
    return this.serialize(async () => {
      await this.append(decideDecommission(this.state, lab, lamppost), principal);
      return this.invalidated(lab, lamppost);
    });
  }

  // --- queries ----------------------------------------------------------------------------

  /** The labs the caller may manage, by id. */
  labs(principal: Principal): LabView[] {
    return [...this.state.labs.values()]
      .filter((lab) => mayManageLab(principal, lab.lab))
      .sort((a, b) => a.lab.localeCompare(b.lab))
      .map((lab) => this.labView(lab));
  }

  /** Every lamppost ever provisioned in the lab (decommissioned ones included), by id. */
  devices(principal: Principal, lab: string): DeviceView[] {
    assertMayReadDevices(principal, lab, this.state.labs.get(lab)?.municipality);
    requireLab(this.state, lab);
    return [...this.state.devices.values()]
      .filter((d) => d.lab === lab)
      .sort((a, b) => a.lamppost.localeCompare(b.lamppost))
      .map(deviceView);
  }

  /** For authentication only: the device's full state, hash included. */
  deviceByUsername(username: string): DeviceState | undefined {
    return this.state.devices.get(username);
  }

  // --- internals --------------------------------------------------------------------------

  private labView(lab: LabState): LabView {
    let devices = 0;
    for (const d of this.state.devices.values()) {
      if (d.lab === lab.lab && d.status !== 'decommissioned') devices++;
    }
    return { lab: lab.lab, municipality: lab.municipality, createdAt: lab.createdAt, devices };
  }

  private issued(lab: string, lamppost: string, password: string): IssuedCredentials {
    const device = this.state.device(lab, lamppost)!;
    return {
      lab,
      lamppost,
      username: device.username,
      password,
      topicPrefix: device.topicPrefix,
      position: device.position ?? null,
    };
  }

  /**
   * Tells the listeners (the broker, the verification cache) once the current microtasks have
   * run, so a connection whose authentication was just accepted is registered with the broker
   * before the broker is asked to close it.
   */
  private invalidated(lab: string, lamppost: string): DeviceView {
    const device = this.state.device(lab, lamppost)!;
    setImmediate(() => {
      for (const listener of this.listeners) listener(device.username);
    });
    return deviceView(device);
  }

  /**
   * The municipality stream is shared with the access context (tokens and agreements register
   * municipalities too): if it exists already, whoever came first registered it, and its first
   * event is folded in instead.
   */
  private async registerMunicipality(decision: Decision, principal: Principal): Promise<void> {
    try {
      await this.append(decision, principal);
    } catch (error) {
      if (!(error instanceof RegistryConflictError)) throw error;
      const [first] = await this.store.readStream(decision.streamId, { maxCount: 1 });
      if (!first || first.type !== MUNICIPALITY_REGISTERED) throw error;
      this.applyOnce(
        decision.streamId,
        { type: MUNICIPALITY_REGISTERED, data: first.data as MunicipalityRegistered },
        first.revision,
        first.recordedAt,
      );
    }
  }

  private async append(decision: Decision, principal: Principal): Promise<void> {
    const metadata: RegistryEventMetadata = { actor: actorOf(principal) };
    try {
      const result = await this.store.appendToStream(
        decision.streamId,
        [{ id: randomUUID(), type: decision.event.type, data: decision.event.data, metadata }],
        { expectedRevision: decision.expectedRevision },
      );
      // Fold in the time the log recorded, not our own clock: a registry rebuilt from the log
      // must see exactly the same state (a rare admin write can afford the read back).
      const [stored] = await this.store.readStream(decision.streamId, {
        fromRevision: result.nextExpectedRevision,
        maxCount: 1,
      });
      this.applyOnce(
        decision.streamId,
        decision.event,
        result.nextExpectedRevision,
        stored?.recordedAt ?? this.clock().toISOString(),
      );
    } catch (error) {
      if (isWrongExpectedRevisionError(error)) {
        throw new RegistryConflictError(decision.streamId, { cause: error });
      }
      throw error;
    }
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
