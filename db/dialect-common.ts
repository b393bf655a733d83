// What both dialects' openers need, apart from client.ts (which loads them): so they import it for
// types only and no two files need each other to load.

const WRITES = new Set(['insert', 'update', 'delete']);

/**
 * The query builder of a Db outside any transaction: reads only. On SQLite a statement run while
 * another request's transaction is open joins that transaction (one connection), and would be
 * lost if it rolled back; so every write goes through `transaction` or `write`, on both dialects.
 */
export function readsOnly<O extends object>(orm: O): O {
  return new Proxy(orm, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && WRITES.has(prop)) {
        throw new Error(`db.orm.${prop}() outside a transaction: run writes in db.transaction() or db.write()`);
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** The database error under drizzle's wrapper: SQLite's `code` is like SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's a SQLSTATE. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}
