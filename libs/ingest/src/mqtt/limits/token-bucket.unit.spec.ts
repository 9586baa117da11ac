import { describe, expect, test } from '@jest/globals';
import { DeviceRateLimiter, TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  test('allows a burst, then the sustained rate', () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect([1, 2, 3, 4, 5].map(() => bucket.take(1, 0))).toEqual([true, true, true, true, true]);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.take(1, 99)).toBe(false); // 0.99 tokens after 99 ms at 10/s
    expect(bucket.take(1, 101)).toBe(true);
  });

  test('never holds more than the burst', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect(bucket.take(4, 60_000)).toBe(false);
    expect(bucket.take(3, 60_000)).toBe(true);
  });
});

describe('DeviceRateLimiter', () => {
  test('keeps one bucket per client id', () => {
    let now = 0;
    const limiter = new DeviceRateLimiter({ messagesPerSecond: 1, messageBurst: 2 }, () => now);
    expect(limiter.allow('a', 2)).toBe(true);
    expect(limiter.allow('a', 1)).toBe(false);
    expect(limiter.allow('b', 2)).toBe(true);
    now = 1000;
    expect(limiter.allow('a', 1)).toBe(true);
  });

  test('0 messages per second switches the limit off', () => {
    const limiter = new DeviceRateLimiter({ messagesPerSecond: 0, messageBurst: 1 }, () => 0);
    expect(limiter.allow('a', 1_000_000)).toBe(true);
    expect(limiter.trackedClients).toBe(0);
  });

  test('sweep forgets buckets that have refilled, keeps the others', () => {
    let now = 0;
    const limiter = new DeviceRateLimiter({ messagesPerSecond: 10, messageBurst: 10 }, () => now);
    limiter.allow('idle', 1);
    now = 500;
    limiter.allow('busy', 10);
    now = 600;
    limiter.sweep();
    expect(limiter.trackedClients).toBe(1);
    expect(limiter.allow('busy', 2)).toBe(false);
  });
});
