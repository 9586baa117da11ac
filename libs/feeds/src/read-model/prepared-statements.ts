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

/**
 * For the read-model tests that check what a query reads: a view of `db` whose statements count
 * the rows SQLite hands out, through `all`, `get` or `iterate`.
 */
export function countRowsRead(db: Database): { counting: Database; read: () => number } {
  let read = 0;
  const counted = (statement: object): object =>
    new Proxy(statement, {
      get(target, name) {
        const fn = Reflect.get(target, name, target) as unknown;
        if (typeof fn !== 'function') return fn;
        const call = (args: unknown[]): unknown =>
          (fn as (...a: unknown[]) => unknown).apply(target, args);
        if (name === 'all')
          return (...args: unknown[]) => {
            const rows = call(args) as unknown[];
            read += rows.length;
            return rows;
          };
        if (name === 'get')
          return (...args: unknown[]) => {
            const row = call(args);
            if (row !== undefined) read += 1;
            return row;
          };
        if (name === 'iterate')
          return function* (...args: unknown[]) {
            for (const row of call(args) as Iterable<unknown>) {
              read += 1;
              yield row;
            }
          };
        return (fn as () => unknown).bind(target);
      },
    });
  const counting = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => counted(target.prepare(sql));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { counting, read: () => read };
}
