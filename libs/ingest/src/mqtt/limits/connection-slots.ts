import { ConnectionsPerIp } from './connections-per-ip.js';

export interface SlotLimits {
  /** Sockets not yet logged in, whole hub. */
  readonly maxPending: number;
  /** Sockets not yet logged in, per address. */
  readonly maxPendingPerIp: number;
  /** Logged-in devices per address; 0 means no limit. */
  readonly maxDevicesPerIp: number;
  /** Logged-in devices, whole hub; 0 means no limit. */
  readonly maxDevices: number;
}

export type PromoteRefusal = 'ADDRESS_FULL' | 'HUB_FULL';

/** One connection's place in the hub: pending until it logs in, then a device's. */
export interface Slot {
  readonly address: string;
  /** Moves a pending slot to the logged-in tier; a refusal leaves it pending. */
  promote(): PromoteRefusal | undefined;
  /** Frees whatever the slot holds; safe to call more than once. */
  release(): void;
}

/**
 * Two tiers of connections (invariant: sockets that have not logged in can never take a place a
 * device needs). A new socket always gets a pending slot: when its address or the hub has too many
 * pending ones, the OLDEST pending socket there is evicted (closed) to make room. An idle flood
 * therefore only churns through its own sockets, while a device, which logs in within
 * milliseconds of connecting, gets through. Logged-in devices count separately, per address and
 * in total.
 */
export class ConnectionSlots {
  /** Insertion order is age order: the first entry is the oldest. */
  private readonly pending = new Set<PendingSlot>();
  private readonly pendingByIp = new Map<string, Set<PendingSlot>>();
  private readonly devicesPerIp: ConnectionsPerIp;
  private devices = 0;

  constructor(private readonly limits: SlotLimits) {
    this.devicesPerIp = new ConnectionsPerIp(limits.maxDevicesPerIp);
  }

  /** A pending slot for a new socket; `evict` closes that socket if it must make room later. */
  open(address: string, evict: () => void): Slot {
    const sameIp = this.pendingByIp.get(address) ?? new Set<PendingSlot>();
    this.pendingByIp.set(address, sameIp);
    if (sameIp.size >= this.limits.maxPendingPerIp) oldest(sameIp)?.evict();
    if (this.pending.size >= this.limits.maxPending) oldest(this.pending)?.evict();
    const slot = new PendingSlot(this, address, evict);
    this.pending.add(slot);
    sameIp.add(slot);
    return slot;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get deviceCount(): number {
    return this.devices;
  }

  /** @internal */
  leavePending(slot: PendingSlot): void {
    this.pending.delete(slot);
    const sameIp = this.pendingByIp.get(slot.address);
    sameIp?.delete(slot);
    if (sameIp?.size === 0) this.pendingByIp.delete(slot.address);
  }

  /** @internal Takes a device place; undefined when one is free, else why not. */
  takeDevicePlace(address: string): { release: () => void } | PromoteRefusal {
    if (this.limits.maxDevices > 0 && this.devices >= this.limits.maxDevices) return 'HUB_FULL';
    const releaseIp = this.devicesPerIp.acquire(address);
    if (!releaseIp) return 'ADDRESS_FULL';
    this.devices++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.devices--;
        releaseIp();
      },
    };
  }
}

const oldest = <T>(set: Set<T>): T | undefined => set.values().next().value;

class PendingSlot implements Slot {
  private state: 'pending' | 'device' | 'released' = 'pending';
  private releaseDevice?: () => void;

  constructor(
    private readonly slots: ConnectionSlots,
    readonly address: string,
    private readonly onEvict: () => void,
  ) {}

  promote(): PromoteRefusal | undefined {
    if (this.state !== 'pending') return this.state === 'device' ? undefined : 'HUB_FULL';
    const place = this.slots.takeDevicePlace(this.address);
    if (typeof place === 'string') return place;
    this.slots.leavePending(this);
    this.state = 'device';
    this.releaseDevice = place.release;
    return undefined;
  }

  evict(): void {
    this.release();
    this.onEvict();
  }

  release(): void {
    if (this.state === 'pending') this.slots.leavePending(this);
    this.releaseDevice?.();
    this.state = 'released';
  }
}
