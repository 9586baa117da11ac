import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { shareableSubscriptions } from './context-free-fields.js';
import { mapAsyncIterator } from './map-async-iterator.js';
import { resultKey } from './result-key.js';
import type { SharedResultStats } from './shared-result-stats.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** A result kept for the other subscribers of its operation, until each has taken it. */
interface Kept {
  readonly result: Result;
  waiting: number;
}

/**
 * At most this many operations' results are kept per event, so what a burst of distinct
 * operations can hold is bounded by the live tail's ring (one event each) times this.
 */
const MAX_KEPT_PER_EVENT = 16;

/**
 * graphql-js's `subscribe` (the source stream, each event executed with the event as root
 * value), except that an event is executed once per distinct operation (see `resultKey`) and the
 * result handed to every subscriber of that operation it reaches. A result is kept only while
 * other live subscribers of its operation have yet to take it, hung off the event object in a
 * WeakMap (the feeds pass one object per event and audience to all subscribers, see
 * `cachedView`), so it never outlives the event. Whatever a source stream throws (TOKEN_REVOKED,
 * AGREEMENT_REVOKED, ...) never passes through here: it stays with its subscriber.
 */
export function sharedSubscribe(
  contextFree: ReadonlySet<string>,
  stats: SharedResultStats,
): (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const roots = new WeakMap<GraphQLSchema, ReadonlySet<string>>();
  const subscribers = new Map<string, number>();
  const kept = new WeakMap<object, Map<string, Kept>>();

  const run = (args: ExecutionArgs, payload: unknown): Result => {
    stats.executions += 1;
    return execute({ ...args, rootValue: payload });
  };

  const share = (key: string, args: ExecutionArgs, payload: unknown): Result => {
    const others = (subscribers.get(key) ?? 1) - 1;
    if (others === 0 || typeof payload !== 'object' || payload === null) return run(args, payload);
    let byKey = kept.get(payload);
    const known = byKey?.get(key);
    if (known) {
      stats.reuses += 1;
      if (--known.waiting === 0) byKey!.delete(key);
      return known.result;
    }
    const result = run(args, payload);
    if (!byKey) kept.set(payload, (byKey = new Map<string, Kept>()));
    if (byKey.size < MAX_KEPT_PER_EVENT) byKey.set(key, { result, waiting: others });
    return result;
  };

  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // errors before the stream started
    let shareable = roots.get(args.schema);
    if (!shareable) {
      roots.set(args.schema, (shareable = shareableSubscriptions(args.schema, contextFree)));
    }
    const key = resultKey(args, shareable);
    if (key === undefined) return mapAsyncIterator(source, (payload) => run(args, payload));
    subscribers.set(key, (subscribers.get(key) ?? 0) + 1);
    return mapAsyncIterator(
      source,
      (payload) => share(key, args, payload),
      () => {
        const left = subscribers.get(key)! - 1;
        if (left === 0) subscribers.delete(key);
        else subscribers.set(key, left);
      },
    );
  };
}
