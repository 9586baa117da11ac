import type { EventStore } from '@hub/event-store';

/**
 * A real event store with some of its members replaced, for tests that count, delay or fail one
 * call: `overrides` gives the replacements (they reach the real store through the closure they
 * were made in), every other member is the store's own, its methods bound to it.
 */
export function storeWith(store: EventStore, overrides: Partial<EventStore>): EventStore {
  return new Proxy(store, {
    get(target, key) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) {
        return (overrides as Record<PropertyKey, unknown>)[key];
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}
