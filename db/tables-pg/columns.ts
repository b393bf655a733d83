import { sql } from 'drizzle-orm';
import { customType, text } from 'drizzle-orm/pg-core';

// Column names come out snake_case through drizzle's `casing` option (db/postgres.ts, drizzle.pg.config.ts).
// Same text as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ','now'): UTC, milliseconds, a trailing Z.
export const now = sql`(to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
export const createdAt = () => text().notNull().default(now);

/**
 * A large JSON document the service writes whole and reads whole, and never queries into: the
 * engine's results and a round's summary. Kept as `text`, because `json` parses every document on
 * insert only to validate it: for the 1.7 MB of a 200-item close that took 20 ms of the server's
 * time against 4 ms as text. The text is JSON.stringify's, read back with JSON.parse, as on SQLite.
 */
export const jsonText = <T>() =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => JSON.parse(value) as T,
  })();

export type { Json } from '../tables/columns';
