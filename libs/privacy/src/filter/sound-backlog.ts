/** How much raw audio may wait for the audio folder (processAsync with an `audioFolder`). */
export interface SoundBacklogLimits {
  /** Chunks one device may have waiting, the one being weighed included. */
  readonly chunksPerDevice: number;
  /** Characters of base64 PCM waiting across every device, the chunks being weighed included. */
  readonly totalBytes: number;
}

/** What waits now (the filter's `soundBacklog()`; the tests read it). */
export interface SoundBacklogSize {
  readonly chunks: number;
  readonly bytes: number;
  /** The most chunks any one device has waiting. */
  readonly largestDeviceQueue: number;
}

/**
 * Counts the sound chunks each device has waiting for the audio folder and the bytes of raw audio
 * they hold, and says no to a chunk that would pass either limit, so a device that sends faster
 * than its chunks are weighed (or many devices at once) cannot make the hub hold raw audio in
 * memory without bound. A chunk is counted from `enter` until its `leave`, whatever its outcome.
 */
export class SoundBacklog {
  private readonly perDevice = new Map<string, number>();
  private chunks = 0;
  private bytes = 0;

  constructor(private readonly limits: SoundBacklogLimits) {
    if (!(limits.chunksPerDevice >= 1) || !(limits.totalBytes >= 1)) {
      throw new Error('sound backlog limits must be at least 1');
    }
  }

  /** Why `bytes` more from `deviceKey` may not wait; undefined when they may (then counted). */
  enter(deviceKey: string, bytes: number): 'device' | 'total' | undefined {
    const waiting = this.perDevice.get(deviceKey) ?? 0;
    if (waiting >= this.limits.chunksPerDevice) return 'device';
    // One chunk is always let through when nothing waits, so a bound below one chunk cannot
    // refuse every chunk for ever.
    if (this.chunks > 0 && this.bytes + bytes > this.limits.totalBytes) return 'total';
    this.perDevice.set(deviceKey, waiting + 1);
    this.chunks++;
    this.bytes += bytes;
    return undefined;
  }

  /** The chunk `enter` let in was weighed, refused or failed: it no longer waits. */
  leave(deviceKey: string, bytes: number): void {
    const waiting = (this.perDevice.get(deviceKey) ?? 1) - 1;
    if (waiting > 0) this.perDevice.set(deviceKey, waiting);
    else this.perDevice.delete(deviceKey);
    this.chunks--;
    this.bytes -= bytes;
  }

  size(): SoundBacklogSize {
    let largest = 0;
    for (const n of this.perDevice.values()) largest = Math.max(largest, n);
    return { chunks: this.chunks, bytes: this.bytes, largestDeviceQueue: largest };
  }

  get limitsInForce(): SoundBacklogLimits {
    return this.limits;
  }
}
