import type { EventStore } from '@hub/event-store';
import {
  DEVICE_CONNECTED,
  DEVICE_CONNECTION_CLOSED,
  NODE_CONNECTIONS_CLOSED,
  nodeStreamId,
  presenceStreamId,
  type DeviceConnected,
  type DeviceConnectionClosed,
  type NodeConnectionsClosed,
  type HubLogger,
} from '@hub/contracts';

/** How many presence events one device may cause: a burst, then one per `refillMs`. */
export interface PresenceLimits {
  readonly burst: number;
  readonly refillMs: number;
  /** A close is written only after this long without a new connection (a takeover is no flap). */
  readonly closeGraceMs: number;
}

/**
 * 4 changes at once (connect, drop, reconnect, drop), then one every 15 s: a device in a
 * reconnect loop writes at most 4 + 4 per minute presence events, whatever its rate.
 */
export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  burst: 4,
  refillMs: 15_000,
  closeGraceMs: 1000,
};

export interface PresenceDevice {
  readonly lab: string;
  readonly lamppost: string;
  readonly username: string;
}

export interface PresenceDeps {
  readonly store: EventStore;
  readonly node: string;
  readonly logger: HubLogger;
  readonly limits?: PresenceLimits;
  /** Milliseconds since the epoch. */
  readonly clock?: () => number;
}

interface Entry {
  readonly device: PresenceDevice;
  /** Open connections of this device on this node. */
  open: number;
  /** The state last written to the log (undefined: nothing written by this node yet). */
  written: boolean | undefined;
  /** When `open` last crossed zero: the time the event carries. */
  changedAt: number;
  tokens: number;
  refilledAt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Writes what a node knows about its device connections to the log, cheaply: once per change of
 * "this device has a connection here" (not per CONNECT: a takeover by the same client id is no
 * change), with a per-device budget, and collapsing what happens while over budget to the state
 * at the end (a flap that ends where it began writes nothing). Never on a PUBLISH.
 */
export class PresenceRecorder {
  private readonly entries = new Map<string, Entry>();
  private readonly limits: PresenceLimits;
  private readonly clock: () => number;
  private chain: Promise<unknown> = Promise.resolve();
  private stopping = false;

  constructor(private readonly deps: PresenceDeps) {
    this.limits = deps.limits ?? DEFAULT_PRESENCE_LIMITS;
    this.clock = deps.clock ?? Date.now;
  }

  get node(): string {
    return this.deps.node;
  }

  /** Before the listeners open: whatever this node held before it (re)started is closed now. */
  async start(): Promise<void> {
    await this.appendNode('startup');
  }

  /** After the broker closed: one event closes every connection of this node. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const e of this.entries.values()) clearTimeout(e.timer);
    await this.chain;
    await this.appendNode('shutdown');
  }

  /** Resolves once every write decided so far is in the log (due writes still wait their timer). */
  async settled(): Promise<void> {
    await this.chain;
  }

  connected(device: PresenceDevice): void {
    const e = this.entry(device);
    if (++e.open === 1) this.changed(e);
  }

  closed(device: PresenceDevice): void {
    const e = this.entries.get(device.username);
    if (!e || e.open === 0) return;
    if (--e.open === 0) this.changed(e);
  }

  private entry(device: PresenceDevice): Entry {
    let e = this.entries.get(device.username);
    if (!e) {
      const now = this.clock();
      e = {
        device,
        open: 0,
        written: undefined,
        changedAt: now,
        tokens: this.limits.burst,
        refilledAt: now,
        timer: undefined,
      };
      this.entries.set(device.username, e);
    }
    return e;
  }

  private changed(e: Entry): void {
    if (this.stopping) return;
    e.changedAt = this.clock();
    if (e.timer) return; // a write is already due: it will write the state of that moment
    if (e.open === 0) this.later(e, this.limits.closeGraceMs);
    else this.flush(e);
  }

  private later(e: Entry, ms: number): void {
    e.timer = setTimeout(() => {
      e.timer = undefined;
      this.flush(e);
    }, ms);
    e.timer.unref();
  }

  private flush(e: Entry): void {
    if (this.stopping) return;
    const online = e.open > 0;
    if (online === e.written) return;
    const now = this.clock();
    const refills = Math.floor((now - e.refilledAt) / this.limits.refillMs);
    if (refills > 0) {
      e.tokens = Math.min(this.limits.burst, e.tokens + refills);
      e.refilledAt =
        e.tokens === this.limits.burst ? now : e.refilledAt + refills * this.limits.refillMs;
    }
    if (e.tokens < 1) return this.later(e, e.refilledAt + this.limits.refillMs - now);
    e.tokens--;
    e.written = online;
    this.write(e.device, online, new Date(e.changedAt).toISOString());
  }

  private write(device: PresenceDevice, online: boolean, at: string): void {
    const base = { lab: device.lab, lamppost: device.lamppost, node: this.deps.node, at };
    const event = online
      ? { type: DEVICE_CONNECTED, data: base satisfies DeviceConnected }
      : { type: DEVICE_CONNECTION_CLOSED, data: base satisfies DeviceConnectionClosed };
    void this.enqueue(presenceStreamId(device), event); // enqueue logs its own failure
  }

  private appendNode(cause: NodeConnectionsClosed['cause']): Promise<unknown> {
    const data: NodeConnectionsClosed = {
      node: this.deps.node,
      cause,
      at: new Date(this.clock()).toISOString(),
    };
    return this.enqueue(nodeStreamId(this.deps.node), { type: NODE_CONNECTIONS_CLOSED, data });
  }

  /** Appends in the order the changes happened; a failure is logged, never thrown at the broker. */
  private enqueue(
    streamId: string,
    event: { type: string; data: DeviceConnected | NodeConnectionsClosed },
  ): Promise<unknown> {
    this.chain = this.chain.then(() =>
      this.deps.store
        .appendToStream(streamId, [{ id: crypto.randomUUID(), ...event }])
        .catch((error: unknown) =>
          this.deps.logger.error('could not record device presence', {
            streamId,
            type: event.type,
            err: String(error),
          }),
        ),
    );
    return this.chain;
  }
}
