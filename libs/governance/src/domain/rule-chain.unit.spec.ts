import { describe, expect, test } from '@jest/globals';
import { GENESIS_HASH, linkAfter, verifyChain, type ChainEvent } from './rule-chain.js';

/** A chain of `n` events built the way the lifecycle appends them. */
function chain(n: number): ChainEvent[] {
  const events: ChainEvent[] = [];
  let last: { type: string; data: unknown } | undefined;
  for (let i = 0; i < n; i++) {
    const type = i === 0 ? 'RuleSetBootstrapped' : 'RuleSetProposed';
    const body = { lab: 'lab-a', version: i + 1, reason: `reason ${i}` };
    const data = { ...body, chain: linkAfter(last, type, body) };
    events.push({ id: `e${i}`, type, revision: i, position: 10 + i, data });
    last = { type, data };
  }
  return events;
}

describe('rule chain', () => {
  test('an untouched chain is intact; its first event points to the genesis hash', () => {
    const events = chain(4);
    expect((events[0].data as { chain: { previousHash: string } }).chain.previousHash).toBe(
      GENESIS_HASH,
    );
    const result = verifyChain(events);
    expect(result).toMatchObject({ intact: true, events: 4 });
    expect(result.head).toMatch(/^[0-9a-f]{64}$/);
  });

  test('changed content is found at that event', () => {
    const events = chain(4);
    (events[2].data as { reason: string }).reason = 'forged';
    expect(verifyChain(events).break).toMatchObject({ revision: 2, position: 12, eventId: 'e2' });
    expect(verifyChain(events).break?.reason).toMatch(/^content changed/);
  });

  test('a changed type is a content change too', () => {
    const events = chain(3);
    events[1] = { ...events[1], type: 'RuleSetApproved' };
    expect(verifyChain(events).break).toMatchObject({ revision: 1 });
  });

  test('a removed event breaks the chain where it was', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyChain(events).break).toMatchObject({ revision: 2 });
    expect(verifyChain(events).break?.reason).toMatch(/^event missing/);
  });

  test('an event without a link is refused', () => {
    const events = chain(2);
    events[1] = { ...events[1], data: { lab: 'lab-a', version: 2 } };
    expect(verifyChain(events).break?.reason).toMatch(/^no chain link/);
  });

  test('an empty chain is intact', () => {
    expect(verifyChain([])).toEqual({ events: 0, intact: true });
  });
});
