import type { Database } from 'better-sqlite3';

/**
 * For the read-model tests that check query plans: a view of `db` that records the SQL of every
 * statement prepared through it (the queries take the view and run as usual).
 */
export function recordPrepared(db: Database): { spy: Database; prepared: Set<string> } {
  const prepared = new Set<string>();
  const spy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare')
        return (sql: string) => {
          prepared.add(sql);
          return target.prepare(sql);
        };
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { spy, prepared };
}
