/*
 * The SQLite tables, which the repositories are typed with (db/schema.pg.ts is their PostgreSQL
 * twin). They live in one file per area under db/tables/, each importing only those before it
 * (studies, rounds, panel, answers; records); drizzle-kit and the code read them all through this one.
 */
export * from './tables/studies';
export * from './tables/rounds';
export * from './tables/panel';
export * from './tables/answers';
export * from './tables/records';
export type { Json } from './tables/columns';
