import { describe, expect, test } from '@jest/globals';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { OFFER_PUSH, type PushSink } from '../../application/push.js';
import { PushedNextMessages } from './pushed-next-messages.js';
import { SharedNextMessages } from './shared-next-messages.js';
import { SharedResultStats } from './shared-result-stats.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** A socket that keeps what was written to it and says when it was written out. */
class Socket {
  readyState = 1;
  readonly sent: string[] = [];
  readonly callbacks: (() => void)[] = [];
  send(data: unknown, written?: () => void): void {
    this.sent.push(data as string);
    if (written) this.callbacks.push(written);
  }
  flush(): void {
    for (const written of this.callbacks.splice(0)) written();
  }
}

/** A stream that takes a sink, as a live feed's does. */
class Stream {
  sink: PushSink<Result> | undefined;
  [OFFER_PUSH](sink: PushSink<Result>): boolean {
    this.sink = sink;
    return true;
  }
}

const reading = (cursor: string): ExecutionResult => ({ data: { readings: { cursor } } });
/** The messages a socket was sent, parsed. */
const parsed = (socket: Socket) =>
  socket.sent.map((m) => JSON.parse(m) as { id: string; type: string; payload: unknown });
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setUp() {
  const stats = new SharedResultStats();
  const messages = new SharedNextMessages(stats);
  const formatted: (readonly GraphQLError[])[] = [];
  const pushed = new PushedNextMessages(messages, stats, (errors) => {
    formatted.push(errors);
    return errors.map((e) => ({ message: e.message, extensions: { code: 'FORMATTED' } }));
  });
  const socket = new Socket();
  messages.wrap(socket);
  const stream = new Stream();
  expect(pushed.offer(stream, socket, 'op"1')).toBe(true);
  return { stats, socket, sink: stream.sink!, formatted, pushed };
}

describe('PushedNextMessages: a live stream writes its results to its socket', () => {
  test('each result is one next message with the operation id; the backlog counts what is not yet written out', () => {
    const { stats, socket, sink } = setUp();
    expect(sink(reading('c1'))).toBe(1);
    expect(sink(reading('c2'))).toBe(2);
    socket.flush();
    expect(sink(reading('c3'))).toBe(1);
    expect(parsed(socket)).toEqual(
      ['c1', 'c2', 'c3'].map((c) => ({ id: 'op"1', type: 'next', payload: reading(c) })),
    );
    expect(stats.pushes).toBe(3);
  });

  test("a socket's subscriptions share one backlog: a client cannot multiply it by subscribing again", () => {
    const stats = new SharedResultStats();
    const pushed = new PushedNextMessages(new SharedNextMessages(stats), stats, () => []);
    const socket = new Socket();
    const [a, b] = [new Stream(), new Stream()];
    pushed.offer(a, socket, 'a');
    pushed.offer(b, socket, 'b');
    expect(a.sink!(reading('c1'))).toBe(1);
    expect(b.sink!(reading('c1'))).toBe(2);
    expect(a.sink!(reading('c2'))).toBe(3);
    socket.flush();
    expect(b.sink!(reading('c2'))).toBe(1);
    const other = new Stream();
    pushed.offer(other, new Socket(), 'a');
    expect(other.sink!(reading('c1'))).toBe(1);
  });

  test('one serialisation per result, however many sockets it is pushed to', () => {
    const stats = new SharedResultStats();
    const messages = new SharedNextMessages(stats);
    const pushed = new PushedNextMessages(messages, stats, () => []);
    const sinks = [1, 2, 3].map((i) => {
      const socket = new Socket();
      const stream = new Stream();
      pushed.offer(stream, socket, String(i));
      return { socket, sink: stream.sink! };
    });
    const shared = reading('c1');
    for (const { sink } of sinks) sink(shared);
    expect(stats.serialisations).toBe(1);
    sinks.forEach(({ socket }, i) =>
      expect(parsed(socket)[0]).toEqual({
        id: String(i + 1),
        type: 'next',
        payload: shared,
      }),
    );
  });

  test('a promised result keeps its place: results after it wait until it is written', async () => {
    const { socket, sink } = setUp();
    let resolve: (r: ExecutionResult) => void = () => undefined;
    sink(reading('c1'));
    expect(sink(new Promise<ExecutionResult>((r) => (resolve = r)))).toBe(2);
    expect(sink(reading('c3'))).toBe(3);
    await settle();
    expect(socket.sent).toHaveLength(1);
    resolve(reading('c2'));
    await settle();
    expect(parsed(socket).map((m) => m.payload)).toEqual(['c1', 'c2', 'c3'].map(reading));
  });

  test("a result's errors go through the formatter; a rejected result is sent as an error", async () => {
    const { socket, sink, formatted } = setUp();
    sink({ data: null, errors: [new GraphQLError('bad field')] });
    sink(Promise.reject(new Error('execution failed')));
    await settle();
    expect(formatted.map((errors) => errors.map((e) => e.message))).toEqual([
      ['bad field'],
      ['execution failed'],
    ]);
    expect(parsed(socket).map((m) => m.payload)).toEqual([
      { data: null, errors: [{ message: 'bad field', extensions: { code: 'FORMATTED' } }] },
      { errors: [{ message: 'execution failed', extensions: { code: 'FORMATTED' } }] },
    ]);
  });

  test('nothing is written to a socket that is no longer open', () => {
    const { socket, sink, stats } = setUp();
    socket.readyState = 2; // closing
    expect(sink(reading('c1'))).toBe(0);
    expect(socket.sent).toEqual([]);
    expect(stats.pushes).toBe(0);
  });

  test('a stream that cannot push is left to graphql-ws', () => {
    const stats = new SharedResultStats();
    const pushed = new PushedNextMessages(new SharedNextMessages(stats), stats, () => []);
    expect(pushed.offer({ data: {} }, new Socket(), '1')).toBe(false);
    expect(pushed.offer((async function* () {})(), new Socket(), '1')).toBe(false);
  });
});
