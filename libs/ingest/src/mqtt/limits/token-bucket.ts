/** Milliseconds from a monotonic clock; passed in so tests can drive time. */
export type Clock = () => number;

/** Classic token bucket: `burst` tokens at most, refilled at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes `count` tokens if there are that many; the bucket may not go below zero. */
  take(count: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }

  private refill(now: number): void {
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    this.updatedAt = now;
  }
}

export interface RateLimit {
  /** Sustained messages per second; 0 switches the limit off. */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
}

/**
 * One token bucket per MQTT client id, so reconnecting does not refill it. Buckets that have
 * refilled completely carry no information and are dropped by `sweep`.
 */
export class DeviceRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.limit.messagesPerSecond > 0;
  }

  allow(clientId: string, count: number): boolean {
    if (!this.enabled) return true;
    const now = this.clock();
    let bucket = this.buckets.get(clientId);
    if (!bucket) {
      bucket = new TokenBucket(this.limit.messagesPerSecond, this.limit.messageBurst, now);
      this.buckets.set(clientId, bucket);
    }
    return bucket.take(count, now);
  }

  sweep(): void {
    const now = this.clock();
    for (const [clientId, bucket] of this.buckets) {
      if (bucket.isFull(now)) this.buckets.delete(clientId);
    }
  }

  get trackedClients(): number {
    return this.buckets.size;
  }
}
