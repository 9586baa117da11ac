import { describe, expect, test } from '@jest/globals';
import { buildSchema, parse, type ExecutionResult } from 'graphql';
import { SharedResultStats } from './shared-result-stats.js';
import { sharedSubscribe } from './shared-subscribe.js';

/** A source stream the test feeds by hand, one per subscription. */
function feed() {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  async function* stream() {
    for (;;) {
      while (queue.length > 0) yield queue.shift();
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return {
    stream: stream(),
    push: (payload: unknown) => {
      queue.push(payload);
      wake?.();
    },
    fail: (error: Error) => {
      failure = error;
      wake?.();
    },
  };
}

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Reading { cursor: String }
  type Subscription { readings: Reading }
`);
const QUERY = parse('subscription { readings { cursor } }');

describe('sharedSubscribe over a real schema', () => {
  const setup = () => {
    const stats = new SharedResultStats();
    const subscribe = sharedSubscribe(new Set(['Subscription.readings', 'Reading.cursor']), stats);
    const feeds: ReturnType<typeof feed>[] = [];
    schema.getSubscriptionType()!.getFields().readings.subscribe = () => feeds.at(-1)!.stream;
    schema.getSubscriptionType()!.getFields().readings.resolve = (payload: unknown) => payload;
    const start = async () => {
      feeds.push(feed());
      const f = feeds.at(-1)!;
      const it = (await subscribe({ schema, document: QUERY })) as AsyncGenerator<ExecutionResult>;
      return { ...f, it };
    };
    return { stats, start };
  };

  test('one execution per event for subscribers of the same operation; the same result', async () => {
    const { stats, start } = setup();
    const a = await start();
    const b = await start();
    const event = { cursor: 'c1' };
    a.push(event);
    b.push(event);
    const ra: unknown = (await a.it.next()).value;
    const rb: unknown = (await b.it.next()).value;
    expect(ra).toEqual({ data: { readings: { cursor: 'c1' } } });
    expect(rb).toBe(ra);
    expect(stats).toMatchObject({ executions: 1, reuses: 1 });
  });

  test('a result is kept only until the other subscribers have taken it', async () => {
    const { stats, start } = setup();
    const a = await start();
    const event = { cursor: 'c2' };
    a.push(event);
    await a.it.next(); // alone: executed, not kept
    const b = await start();
    b.push(event);
    await b.it.next();
    expect(stats).toMatchObject({ executions: 2, reuses: 0 });
    const next = { cursor: 'c3' };
    a.push(next);
    b.push(next);
    await a.it.next();
    await b.it.next(); // taken by the last one waiting for it: dropped
    const c = await start();
    c.push(next);
    expect((await c.it.next()).value).toEqual({ data: { readings: { cursor: 'c3' } } });
    expect(stats).toMatchObject({ executions: 4, reuses: 1 });
  });

  test("a source's error ends only its own subscription, and it stops counting", async () => {
    const { stats, start } = setup();
    const a = await start();
    const b = await start();
    a.fail(new Error('TOKEN_REVOKED for a'));
    await expect(a.it.next()).rejects.toThrow('TOKEN_REVOKED for a');
    const c = await start();
    const event = { cursor: 'c4' };
    b.push(event);
    c.push(event);
    expect((await b.it.next()).value).toEqual({ data: { readings: { cursor: 'c4' } } });
    await c.it.next(); // b and c are all that wait for it (a no longer): dropped after c
    const d = await start();
    d.push(event);
    await d.it.next();
    expect(stats).toMatchObject({ executions: 2, reuses: 1 });
  });
});
