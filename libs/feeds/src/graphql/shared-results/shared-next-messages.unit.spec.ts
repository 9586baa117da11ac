import { describe, expect, test } from '@jest/globals';
import type { ExecutionResult } from 'graphql';
import { SharedNextMessages } from './shared-next-messages.js';
import { SharedResultStats } from './shared-result-stats.js';

/** A socket that keeps what was written to it. */
class Socket {
  readonly sent: unknown[] = [];
  send(data: unknown): void {
    this.sent.push(data);
  }
}

/** What graphql-ws does with `onNext`'s answer: serialise the message and send it. */
function emitNext(
  messages: SharedNextMessages,
  socket: Socket,
  id: string,
  result: ExecutionResult,
): void {
  const payload = messages.payload(socket, result) ?? result;
  socket.send(JSON.stringify({ id, type: 'next', payload }));
}

describe('SharedNextMessages: one serialisation per result, in every next message', () => {
  test('every subscriber gets its own id and the whole result; the result is serialised once', () => {
    const stats = new SharedResultStats();
    const messages = new SharedNextMessages(stats);
    const sockets = [new Socket(), new Socket(), new Socket()];
    for (const s of sockets) messages.wrap(s);
    const result: ExecutionResult = { data: { readings: { cursor: 'c1', values: { db: 61.5 } } } };
    // Client-chosen ids, one of them made to look like the stand-in's text.
    const ids = ['1', 'a"b\\c', '"payload":{"\\u0000shared":0}}'];
    sockets.forEach((s, i) => emitNext(messages, s, ids[i], result));
    sockets.forEach((s, i) => {
      expect(s.sent).toHaveLength(1);
      expect(JSON.parse(s.sent[0] as string)).toEqual({
        id: ids[i],
        type: 'next',
        payload: result,
      });
    });
    expect(stats.serialisations).toBe(1);
  });

  test('a slot is filled once: the same stand-in a second time goes out unchanged', () => {
    const stats = new SharedResultStats();
    const messages = new SharedNextMessages(stats);
    const socket = new Socket();
    messages.wrap(socket);
    // Take slot 0 on this socket; graphql-ws then sends the message with the stand-in.
    messages.payload(socket, { data: { x: 1 } });
    const forged = JSON.stringify({ id: '9', type: 'next', payload: { '\u0000shared': 0 } });
    socket.send(forged);
    expect(socket.sent).toEqual([forged.replace(/\{"\\u0000shared":0\}/, '{"data":{"x":1}}')]);
    socket.send(forged);
    expect(socket.sent[1]).toBe(forged);
  });

  test('results with errors, and sockets not wrapped, are left to graphql-ws', () => {
    const messages = new SharedNextMessages(new SharedResultStats());
    const wrapped = new Socket();
    messages.wrap(wrapped);
    const withErrors = { data: null, errors: [] } as unknown as ExecutionResult;
    expect(messages.payload(wrapped, withErrors)).toBeUndefined();
    expect(messages.payload(new Socket(), { data: { x: 1 } })).toBeUndefined();
    expect(messages.payload(undefined, { data: { x: 1 } })).toBeUndefined();
  });

  test('a stand-in whose slot belongs to another socket is not filled there', () => {
    const messages = new SharedNextMessages(new SharedResultStats());
    const a = new Socket();
    const b = new Socket();
    messages.wrap(a);
    messages.wrap(b);
    const standIn = messages.payload(a, { data: { secret: 'a' } });
    const message = JSON.stringify({ id: '1', type: 'next', payload: standIn });
    b.send(message);
    expect(b.sent).toEqual([message]);
  });
});
