import { describe, expect, test } from '@jest/globals';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  const limits = { freeFailures: 3, blockMs: 60_000, blockMaxMs: 240_000 };

  test('free failures, then a block that doubles with each further failure, capped', async () => {
    const throttle = new LoginThrottle(limits);
    const blocks: number[] = [];
    for (let i = 0; i < 6; i++) blocks.push(await throttle.failed('10.0.0.1', 'lab.lp-1'));
    expect(blocks).toEqual([0, 0, 60_000, 120_000, 240_000, 240_000]);
    expect(await throttle.waitMs('10.0.0.1', 'lab.lp-1')).toBeGreaterThan(200_000);
  });

  test('keyed on (address, username): other pairs are not affected', async () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) await throttle.failed('10.0.0.1', 'lab.lp-1');
    expect(await throttle.waitMs('10.0.0.1', 'lab.lp-1')).toBeGreaterThan(0);
    expect(await throttle.waitMs('10.0.0.2', 'lab.lp-1')).toBe(0);
    expect(await throttle.waitMs('10.0.0.1', 'lab.lp-2')).toBe(0);
  });

  test('a success clears the pair', async () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 2; i++) await throttle.failed('10.0.0.1', 'lab.lp-1');
    await throttle.succeeded('10.0.0.1', 'lab.lp-1');
    expect(await throttle.failed('10.0.0.1', 'lab.lp-1')).toBe(0);
    expect(await throttle.waitMs('10.0.0.1', 'lab.lp-1')).toBe(0);
  });
});
