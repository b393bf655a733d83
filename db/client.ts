import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from './schema';
import { databaseErrorCode } from './dialect-common';

/**
 * drizzle's query builder as the repositories see it. It is typed with the SQLite schema; on
 * PostgreSQL the very same calls run against the pg-core twin (db/schema.pg.ts), whose tables,
 * columns and JS types are the same (test/db/schema-parity.test.ts). Repositories use only what
 * both dialects share: they await a builder (always an array of rows), use `.returning()`, and
 * never call the SQLite-only `.get()`, `.all()`, `.run()` or `.values()`.
 */
export type Orm = BetterSQLite3Database<typeof schema>;
export type Tables = typeof schema;
export type Dialect = 'sqlite' | 'postgres';

/** Rows that a transaction can lock until it ends, for writes that must not interleave. */
export type Lockable = 'studies' | 'rounds' | 'panelists';

/** A query prepared once and run with named `sql.placeholder` values. */
export type PreparedRun<R> = (params?: Record<string, unknown>) => Promise<R>;

/**
 * The one database seam of the service. Repositories and services are written once against it;
 * everything that differs between SQLite and PostgreSQL stays inside db/.
 *
 * A `Db` is either the whole database or one transaction on it (the `tx` handed to
 * `transaction`); code inside a transaction must use that `tx`, never the outer `Db`.
 */
export interface Db {
  readonly dialect: Dialect;
  readonly orm: Orm;
  /** The tables of this database's dialect. */
  readonly t: Tables;
  /** True for the `tx` of a transaction. */
  readonly inTransaction: boolean;
  /**
   * Runs `fn` in one transaction, committed when it resolves and rolled back when it throws.
   * Inside a transaction it nests as a savepoint. SQLite: BEGIN IMMEDIATE under a process-wide
   * lock, so writers run one at a time as before. PostgreSQL: READ COMMITTED plus the row locks
   * taken with `lock`; a deadlock or serialization failure retries `fn` from the start, so `fn`
   * must do database work only (no e-mail, no password hashing).
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * A hot-path write (a panelist's save). SQLite: writes arriving in the same event-loop turn
   * share one transaction and one fsync, each in its own savepoint (group commit). PostgreSQL:
   * a transaction of its own from the pool.
   */
  write<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: a hot-path write done in one statement by the server-side function `fn`
   * (made by a migration), which takes a JSON array of requests and returns one JSON object per
   * request with its position `i`. Inside a transaction it runs there, for this request alone.
   * Outside, requests that arrive while earlier calls are in flight go to the database together
   * in one call (group commit: one statement, one transaction, one WAL flush), each settled after
   * that commit, sorted by `lockOrder` so that two calls take their row locks in the same order;
   * if a call fails, each of its requests is tried alone, so one that fails is refused alone.
   */
  callBatched<R>(fn: string, request: object, options?: { lockOrder?: number }): Promise<R>;
  /**
   * A hot-path query that can answer many requests at once: `run` gets the requests and returns
   * one result per request, in order. PostgreSQL, outside a transaction: requests with the same
   * `key` that arrive while earlier batches are in flight are run together, one round trip for
   * all (as `callBatched`); inside one, or on SQLite, each request runs alone.
   */
  coalesce<Q, R>(key: string, run: (requests: Q[]) => Promise<R[]>, request: Q, options?: { lockOrder?: number }): Promise<R>;
  /**
   * Locks one row until the transaction ends: `update` against every other lock of the row,
   * `share` only against `update`. PostgreSQL: SELECT … FOR UPDATE / FOR SHARE. SQLite: nothing
   * to do, since BEGIN IMMEDIATE already holds the only write lock.
   */
  lock(table: Lockable, id: number, mode?: 'update' | 'share'): Promise<void>;
  /**
   * A hot-path query built once; `build` receives this Db so the query runs inside its
   * transaction. With `lock`, the rows it reads stay locked until the transaction ends
   * (PostgreSQL: SELECT … FOR SHARE / FOR UPDATE, which waits for a concurrent writer and then
   * re-checks the WHERE clause on the committed row; SQLite: nothing to add).
   */
  prepared<R>(key: string, build: (db: Db) => PromiseLike<R>, options?: { lock?: 'share' | 'update' }): PreparedRun<R>;
  /** Like `prepared`, but rows come back as plain value arrays in column order (booleans as 0/1). */
  preparedValues<R extends unknown[]>(key: string, build: (db: Db) => PromiseLike<unknown>): PreparedRun<R[]>;
  /**
   * Plain SQL with `?` placeholders, for health checks, operations and tests, outside any
   * transaction. Counts come back as numbers on both dialects.
   */
  raw<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /**
   * Announces a study event to every server instance once the transaction commits (PostgreSQL
   * NOTIFY, delivered in commit order). SQLite has one instance, which publishes it itself.
   */
  announce(studyId: number, seq: number): Promise<void>;
  /**
   * Tells every other instance that answers arrived in a round (not stored, no sequence number:
   * it only prompts facilitators' dashboards to reload). Nothing to do on SQLite.
   */
  signalAnswers(studyId: number, roundId: number): Promise<void>;
  /**
   * Listens for what any instance announced. `null` for SQLite, where everything comes from this
   * process. After the connection to the database was lost and restored the listener gets
   * `{ kind: 'reconnected' }`, since announcements may have been missed meanwhile.
   */
  subscribe(listener: (news: Announcement) => void): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}

export type Announcement = { kind: 'event'; studyId: number; seq: number } | { kind: 'answers'; studyId: number; roundId: number } | { kind: 'reconnected' };

export interface OpenOptions {
  /** `file:path/to.db`, `:memory:` or `postgres://user:password@host:port/database` */
  url: string;
  /** Accept weaker durability settings than WAL + synchronous=FULL (SQLite tests of throwaway data only). */
  allowWeakDurability?: boolean;
  /** PostgreSQL schema to use (created if missing); default `public`. Tests give each app its own. */
  schema?: string;
  /** PostgreSQL connections this process may hold (default 10); SQLite has one. */
  poolSize?: number;
  /** SQLite: called with each statement as it runs (better-sqlite3's `verbose`), so tests can count queries. */
  onStatement?: (sql: unknown) => void;
}

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** Opens the database DATABASE_URL names: PostgreSQL for postgres://, SQLite otherwise. */
export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (dialectOf(options.url) === 'postgres') return (await import('./postgres')).openPostgres(options);
  return (await import('./sqlite')).openSqlite(options);
}

/** The first row of a result, or undefined. */
export function first<T>(rows: readonly T[]): T | undefined {
  return rows[0];
}

/** The one row a statement must have produced (an insert or update with `.returning()`). */
export function one<T>(rows: readonly T[]): T {
  if (rows.length === 0) throw new Error('expected a row, got none');
  return rows[0];
}

/** A unique or primary-key constraint refused the write (two requests raced to create the same thing). */
export function isUniqueViolation(error: unknown): boolean {
  const code = databaseErrorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
