import type { ExecutionResult } from 'graphql';
import type { SharedResultStats } from './shared-result-stats.js';

/** The part of a `ws` socket this needs: graphql-ws writes every message through `send`. */
export interface SendingSocket {
  send(data: unknown, ...rest: never[]): void;
}

/**
 * The key of the stand-in payload. It starts with a NUL character, which no GraphQL name can
 * hold, and JSON.stringify writes it as `\u0000`: no result of an operation serialises to it.
 */
const MARK = '\u0000shared';

/**
 * One serialisation per result, written into every subscriber's `next` message.
 *
 * graphql-ws serialises each `next` message whole (`{"id":…,"type":"next","payload":…}`), once
 * per subscriber, and its API takes no ready-made bytes. A result shared by the subscribers of
 * one operation (`sharedSubscribe`) was still serialised once per subscriber. Here graphql-ws's
 * `onNext` hook swaps the payload for a small stand-in naming a slot of the socket; graphql-ws
 * serialises the short message, and the socket's `send` (wrapped once per connection) writes the
 * result's JSON, made once per result and kept on the result object, in place of the stand-in.
 *
 * The stand-in is always the tail of the message (payload is its last key), and it is replaced
 * only on the socket whose slot it names, so a subscription id chosen by the client cannot
 * steer it. A slot lives from `onNext` to the `send` that follows it in the same turn of
 * graphql-ws's emit; a socket that closed in between takes its slots with it (a WeakMap).
 */
export class SharedNextMessages {
  private readonly json = new WeakMap<object, string>();
  private readonly slots = new WeakMap<SendingSocket, Map<number, string>>();
  private readonly unwrapped = new WeakMap<SendingSocket, SendingSocket['send']>();
  private nextSlot = 0;

  constructor(private readonly stats: SharedResultStats) {}

  /** For graphql-ws's `onNext`: the stand-in payload, or undefined to let graphql-ws serialise. */
  payload(socket: SendingSocket | undefined, result: ExecutionResult): object | undefined {
    // Errors need graphql-ws's own `toJSON` of each error; they are rare and never shared.
    if (!socket || result.errors !== undefined) return undefined;
    const slots = this.slots.get(socket);
    if (!slots) return undefined; // a socket that was not wrapped at connection
    const slot = this.nextSlot++;
    slots.set(slot, this.serialised(result));
    return { [MARK]: slot };
  }

  /** A result without errors as JSON, made once per result object. */
  serialised(result: ExecutionResult): string {
    let text = this.json.get(result);
    if (text === undefined) {
      text = JSON.stringify(result);
      this.json.set(result, text);
      this.stats.serialisations += 1;
    }
    return text;
  }

  /** Writes a whole message with the socket's own `send`, not looked through for a stand-in. */
  sendWhole(socket: SendingSocket, message: string, written: (error?: Error) => void): void {
    const send = this.unwrapped.get(socket) ?? socket.send.bind(socket);
    (send as (data: unknown, cb: (error?: Error) => void) => void)(message, written);
  }

  /** Wraps the socket's `send` once, at connection, before any subscription can start. */
  wrap(socket: SendingSocket): void {
    if (this.slots.has(socket)) return;
    const slots = new Map<number, string>();
    this.slots.set(socket, slots);
    const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
    this.unwrapped.set(socket, send);
    socket.send = (data: unknown, ...rest: unknown[]) =>
      send(typeof data === 'string' ? fill(data, slots) : data, ...rest);
  }
}

const OPEN = `"payload":{${JSON.stringify(MARK)}:`;
const CLOSE = '}}';

/** The message with its stand-in payload replaced by the kept JSON, or unchanged. */
function fill(message: string, slots: Map<number, string>): string {
  if (!message.endsWith(CLOSE)) return message;
  const at = message.lastIndexOf(OPEN);
  if (at < 0) return message;
  const slotText = message.slice(at + OPEN.length, message.length - CLOSE.length);
  if (!/^\d+$/.test(slotText)) return message;
  const slot = Number(slotText);
  const json = slots.get(slot);
  if (json === undefined) return message;
  slots.delete(slot);
  return `${message.slice(0, at)}"payload":${json}}`;
}
