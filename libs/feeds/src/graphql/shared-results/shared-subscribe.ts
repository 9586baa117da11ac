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

/**
 * graphql-js's `subscribe` (the source stream, each event executed with the event as root
 * value), except that an event is executed once per distinct operation (see `resultKey`) and the
 * result handed to every subscriber of that operation it reaches. Results hang off the event
 * object in a WeakMap, so they live exactly as long as the event (the feeds pass one object per
 * event and audience to all subscribers, see `toReading`). Whatever a source stream throws
 * (TOKEN_REVOKED, AGREEMENT_REVOKED, ...) never passes through here: it stays with its subscriber.
 */
export function sharedSubscribe(
  contextFree: ReadonlySet<string>,
  stats: SharedResultStats,
): (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const roots = new WeakMap<GraphQLSchema, ReadonlySet<string>>();
  const results = new WeakMap<object, Map<string, Result>>();

  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source; // errors before the stream started
    let shareable = roots.get(args.schema);
    if (!shareable) {
      roots.set(args.schema, (shareable = shareableSubscriptions(args.schema, contextFree)));
    }
    const key = resultKey(args, shareable);
    const run = (payload: unknown): Result => {
      stats.executions += 1;
      return execute({ ...args, rootValue: payload });
    };
    if (key === undefined) return mapAsyncIterator(source, run);
    return mapAsyncIterator(source, (payload) => {
      if (typeof payload !== 'object' || payload === null) return run(payload);
      let byKey = results.get(payload);
      if (!byKey) results.set(payload, (byKey = new Map<string, Result>()));
      const known = byKey.get(key);
      if (known) {
        stats.reuses += 1;
        return known;
      }
      const result = run(payload);
      byKey.set(key, result);
      return result;
    });
  };
}
