const cache = new WeakMap<object, Map<string, unknown>>();

/**
 * Builds a drizzle prepared query once per database and reuses it. For the hot paths (session
 * lookup, saving an answer) building the SQL and asking SQLite to prepare it again on every
 * request cost more than running it.
 */
export function prepared<T>(db: object, key: string, build: () => T): T {
  let map = cache.get(db);
  if (!map) cache.set(db, (map = new Map()));
  let query = map.get(key) as T | undefined;
  if (query === undefined) map.set(key, (query = build()));
  return query;
}
