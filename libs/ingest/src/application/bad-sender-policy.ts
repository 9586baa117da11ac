export interface BadSenderLimits {
  /** Sliding window over which refusals are counted. */
  readonly windowMs: number;
  /** From this many refusals on, further refusals are answered at most once a second and not recorded one by one. */
  readonly throttleAfter: number;
  /** At this many refusals the device is disconnected (it may reconnect and start afresh). */
  readonly disconnectAfter: number;
}

export const DEFAULT_BAD_SENDER_LIMITS: BadSenderLimits = {
  windowMs: 60_000,
  throttleAfter: 20,
  disconnectAfter: 100,
};

export type BadSenderVerdict = 'record' | 'throttle' | 'disconnect';

/**
 * Counts refusals per device: a device that keeps sending bad messages must not flood the log with
 * refusal events nor hold the broker busy. Memory: one small array per misbehaving device.
 */
export class BadSenderPolicy {
  private readonly refusals = new Map<string, number[]>();

  constructor(private readonly limits: BadSenderLimits = DEFAULT_BAD_SENDER_LIMITS) {}

  refused(device: string, nowMs: number): { verdict: BadSenderVerdict; count: number } {
    const since = nowMs - this.limits.windowMs;
    const times = (this.refusals.get(device) ?? []).filter((t) => t > since);
    times.push(nowMs);
    if (times.length >= this.limits.disconnectAfter) {
      this.refusals.delete(device);
      return { verdict: 'disconnect', count: times.length };
    }
    this.refusals.set(device, times);
    return {
      verdict: times.length > this.limits.throttleAfter ? 'throttle' : 'record',
      count: times.length,
    };
  }
}
