import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface LoginThrottleLimits {
  /** Failures of one (address, username) pair that are answered normally. */
  readonly freeFailures: number;
  /** The first block; each failure after it doubles the next one. */
  readonly blockMs: number;
  readonly blockMaxMs: number;
}

/**
 * Slows password guessing per (remote address, username), rate-limiter-flexible's
 * consecutive-failures pattern: after `freeFailures` failed logins the pair is blocked, and every
 * failure after a block blocks it again for twice as long (up to `blockMaxMs`). While blocked, a
 * login is refused without looking at the password, so guessing costs time, not just sockets.
 * A successful login clears the pair. Keying on the pair (not the address alone) means an
 * attacker behind a shared NAT address can block only the usernames it attacks, and only for
 * that address.
 */
export class LoginThrottle {
  /** Failed logins per pair; the entry expires when twice the longest block has passed. */
  private readonly failures: RateLimiterMemory;
  /** Blocks handed out per pair: their count sets the next block's length. */
  private readonly blocks: RateLimiterMemory;
  /** The block itself: present (with its expiry) while the pair must wait. */
  private readonly blocked: RateLimiterMemory;

  constructor(private readonly limits: LoginThrottleLimits) {
    const windowSec = Math.ceil((limits.blockMaxMs * 2) / 1000);
    this.failures = new RateLimiterMemory({
      keyPrefix: 'fail',
      points: limits.freeFailures,
      duration: windowSec,
    });
    this.blocks = new RateLimiterMemory({ keyPrefix: 'blocks', points: 1, duration: windowSec });
    this.blocked = new RateLimiterMemory({ keyPrefix: 'blocked', points: 1, duration: 1 });
  }

  /** Milliseconds the pair must still wait, or 0 when it may try. */
  async waitMs(address: string, username: string): Promise<number> {
    const res = await this.blocked.get(pairKey(address, username));
    return res && res.msBeforeNext > 0 ? res.msBeforeNext : 0;
  }

  /** Records a failed login; resolves with the block it started (ms), or 0 while still free. */
  async failed(address: string, username: string): Promise<number> {
    const key = pairKey(address, username);
    const blockedBefore = await this.blocks.get(key);
    const res = await this.failures.penalty(key, 1);
    if (!blockedBefore && res.consumedPoints < this.limits.freeFailures) return 0;
    const blocksSoFar = (await this.blocks.penalty(key, 1)).consumedPoints - 1;
    const blockMs = Math.min(this.limits.blockMs * 2 ** blocksSoFar, this.limits.blockMaxMs);
    await this.blocked.set(key, 1, blockMs / 1000);
    return blockMs;
  }

  /** A successful login: the pair starts afresh. */
  async succeeded(address: string, username: string): Promise<void> {
    const key = pairKey(address, username);
    await Promise.all([
      this.failures.delete(key),
      this.blocks.delete(key),
      this.blocked.delete(key),
    ]);
  }
}

/** A NUL cannot occur in either part (addresses are numeric, usernames are ids). */
const pairKey = (address: string, username: string): string => `${address}\u0000${username}`;
