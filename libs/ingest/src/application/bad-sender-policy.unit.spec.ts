import { describe, expect, test } from '@jest/globals';
import { BadSenderPolicy } from './bad-sender-policy.js';

describe('BadSenderPolicy', () => {
  const limits = { windowMs: 60_000, throttleAfter: 3, disconnectAfter: 5 };

  test('records, then throttles, then disconnects a device that keeps being refused', () => {
    const policy = new BadSenderPolicy(limits);
    const verdicts = Array.from({ length: 5 }, (_, i) => policy.refused('lab/a', 1000 + i).verdict);
    expect(verdicts).toEqual(['record', 'record', 'record', 'throttle', 'disconnect']);
    // After a disconnect the device starts afresh.
    expect(policy.refused('lab/a', 2000)).toEqual({ verdict: 'record', count: 1 });
  });

  test('counts per device and forgets refusals older than the window', () => {
    const policy = new BadSenderPolicy(limits);
    for (let i = 0; i < 3; i++) policy.refused('lab/a', i);
    expect(policy.refused('lab/b', 3).verdict).toBe('record');
    expect(policy.refused('lab/a', 61_000)).toEqual({ verdict: 'record', count: 1 });
  });
});
