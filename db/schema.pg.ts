/*
 * The PostgreSQL twin of db/schema.ts, one file per area under db/tables-pg/ as there. The
 * repositories are typed with the SQLite tables and run against these on PostgreSQL, so every
 * table, column, index and key here matches its SQLite original and the row types are identical
 * (test/db/schema-parity.test.ts holds them together). Timestamps stay ISO-8601 text, and JSON is
 * `json` rather than `jsonb` because `json` keeps the text as written: key order and bytes come
 * back exactly as on SQLite. The large results are plain text holding JSON (jsonText in
 * db/tables-pg/columns.ts), which keeps it as written too.
 */
export { EMAIL_KINDS, type EmailKind, type Json } from './schema';
export * from './tables-pg/studies';
export * from './tables-pg/rounds';
export * from './tables-pg/panel';
export * from './tables-pg/answers';
export * from './tables-pg/records';
