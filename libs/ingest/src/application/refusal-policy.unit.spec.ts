import { describe, expect, test } from '@jest/globals';
import { duplicateConflict, filterRefusal, RefusalPolicy } from './refusal-policy.js';

const limits = { windowMs: 10_000, throttleAfter: 2, disconnectAfter: 4 };
const rule = { id: 'scheveningen', version: 1, hash: 'cd'.repeat(32) };
const refused = (nowMs: number, over: object = {}) => ({
  lab: 'scheveningen',
  lamppost: 'lp-001',
  topic: 'labs/scheveningen/lampposts/lp-001/temperature',
  sizeBytes: 17,
  rejection: duplicateConflict(7),
  nowMs,
  ...over,
});

describe('RefusalPolicy', () => {
  test('a refusal is recorded with the hub words, its field, seq, size and rule', () => {
    const policy = new RefusalPolicy(limits);
    expect(policy.refused(refused(Date.parse('2026-07-01T12:00:00Z'), { rule }))).toEqual({
      action: 'record',
      event: {
        lab: 'scheveningen',
        lamppost: 'lp-001',
        topic: 'labs/scheveningen/lampposts/lp-001/temperature',
        code: 'DUPLICATE_CONFLICT',
        reason: 'seq 7 was already received with a different body; never reuse a seq',
        field: 'seq',
        seq: 7,
        sizeBytes: 17,
        rule,
        receivedAt: '2026-07-01T12:00:00.000Z',
      },
    });
  });

  test('past the budget: answered at most once a second, then disconnected with the count', () => {
    const policy = new RefusalPolicy(limits);
    const t0 = 1_000_000;
    expect(policy.refused(refused(t0)).action).toBe('record');
    expect(policy.refused(refused(t0 + 100)).action).toBe('record');
    expect(policy.refused(refused(t0 + 200))).toEqual({ action: 'reply-only', reply: true });
    const fourth = policy.refused(refused(t0 + 300));
    expect(fourth).toMatchObject({
      action: 'disconnect',
      reason: '4 refused messages within 10 s',
    });
    expect(fourth.action === 'disconnect' && fourth.event).toEqual({
      lab: 'scheveningen',
      lamppost: 'lp-001',
      reason: '4 refused messages within 10 s',
      rejectionsInWindow: 4,
      at: new Date(t0 + 300).toISOString(),
    });
    // A fresh start after the disconnect; the reply throttle remembers its last reply.
    policy.refused(refused(t0 + 400));
    policy.refused(refused(t0 + 500));
    expect(policy.refused(refused(t0 + 600))).toEqual({ action: 'reply-only', reply: false });
  });

  test('ACL refusals share the budget, are recorded with a bounded topic and never disconnect', () => {
    const policy = new RefusalPolicy(limits);
    const acl = (nowMs: number) =>
      policy.aclRefused({
        lab: 'scheveningen',
        lamppost: 'lp-001',
        topic: `labs/other/${'x'.repeat(300)}`,
        sizeBytes: 3,
        message: 'outside your prefix',
        nowMs,
      });
    const first = acl(0);
    expect(first).toMatchObject({ code: 'TOPIC_NOT_ALLOWED', reason: 'outside your prefix' });
    expect(first?.topic).toBe(`labs/other/${'x'.repeat(189)}...`);
    expect(acl(1)).toBeDefined();
    expect(acl(2)).toBeUndefined();
    expect(acl(3)).toBeUndefined();
  });

  test('privacy-filter codes are mapped to the codes devices see', () => {
    expect(
      filterRefusal({ kind: 'reject', code: 'PAYLOAD_INVALID', message: 'm', field: 'f' }, 3),
    ).toEqual({ code: 'SCHEMA_VIOLATION', message: 'm', field: 'f', seq: 3 });
    expect(filterRefusal({ kind: 'reject', code: 'RULE_MISSING', message: 'm' }, 4)).toEqual({
      code: 'RULE_MISSING',
      message: 'm',
      seq: 4,
    });
  });
});
