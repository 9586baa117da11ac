import { GraphQLError, type ExecutionResult } from 'graphql';
import { offerPush } from '../../application/push.js';
import type { SendingSocket, SharedNextMessages } from './shared-next-messages.js';
import type { SharedResultStats } from './shared-result-stats.js';

/** The part of a `ws` socket a pushed subscription writes to. */
export interface PushSocket extends SendingSocket {
  readonly readyState: number;
}

/** `WebSocket.OPEN` of `ws`. */
const OPEN = 1;

type Result = ExecutionResult | Promise<ExecutionResult>;

const isPromise = (result: Result): result is Promise<ExecutionResult> =>
  typeof (result as Promise<ExecutionResult>).then === 'function';

/**
 * Live subscription results written straight to the subscriber's socket (push.ts), instead of
 * through graphql-ws's loop of one `next()`, one `onNext` and one awaited `send` per message.
 *
 * graphql-ws's `onOperation` hook offers every subscription's stream a sink bound to its socket
 * and operation id. Once the stream is live it hands the sink each result as its event reaches
 * the live tail, and the sink writes the `next` message: the result's JSON, made once per result
 * whatever the number of subscribers (`SharedNextMessages`), inside the message's few bytes of
 * id and type. Results and the ends of streams keep their order: the catch-up before the switch
 * was written by graphql-ws, which awaits each write; graphql-ws writes the stream's `error` or
 * `complete` after its pending `next()` settles, which is after the last pushed message.
 * A result with errors goes through `formatErrors`, as graphql-ws's `onNext` sends it.
 */
export class PushedNextMessages {
  constructor(
    private readonly messages: SharedNextMessages,
    private readonly stats: SharedResultStats,
    private readonly formatErrors: (errors: readonly GraphQLError[]) => unknown,
  ) {}

  /** Messages pushed to each socket and not yet written out, over all its subscriptions. */
  private readonly unwritten = new WeakMap<PushSocket, Backlog>();

  /**
   * Offers the stream a sink that writes to `socket` as operation `id`; false if it cannot push.
   * The sink answers the backlog of the socket, not of the one subscription: a client that opens
   * many subscriptions on a socket it does not read holds no more of the hub's memory than one.
   */
  offer(stream: unknown, socket: PushSocket, id: string): boolean {
    const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
    let backlog = this.unwritten.get(socket);
    if (!backlog) this.unwritten.set(socket, (backlog = new Backlog()));
    const counted = backlog;
    const write = (result: ExecutionResult): void => {
      if (socket.readyState !== OPEN) return; // its subscriptions are being returned
      counted.count += 1;
      this.stats.pushes += 1;
      this.messages.sendWhole(socket, `${head}${this.json(result)}}`, counted.written);
    };
    // graphql-js executes synchronously when every resolver does; a promised result (and every
    // result after it, until they are written) waits its turn.
    let queue: Promise<void> = Promise.resolve();
    let queued = 0;
    const later = (result: Result): void => {
      queued += 1;
      queue = queue
        .then(() => result)
        .then(
          (settled) => write(settled),
          (error: unknown) => write({ errors: [asGraphQLError(error)] }),
        )
        .finally(() => {
          queued -= 1;
        });
    };
    return offerPush(stream, (result: Result) => {
      if (queued === 0 && !isPromise(result)) write(result);
      else later(result);
      return counted.count + queued;
    });
  }

  private json(result: ExecutionResult): string {
    if (result.errors === undefined) return this.messages.serialised(result);
    return JSON.stringify({ ...result, errors: this.formatErrors(result.errors) });
  }
}

/** A socket's messages not yet written out; `written` is the socket's write callback. */
class Backlog {
  count = 0;
  readonly written = (): void => {
    this.count -= 1;
  };
}

const asGraphQLError = (error: unknown): GraphQLError =>
  error instanceof GraphQLError
    ? error
    : new GraphQLError(error instanceof Error ? error.message : String(error), {
        originalError: error instanceof Error ? error : undefined,
      });
