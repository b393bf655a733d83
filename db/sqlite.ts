import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import type { Db, Lockable, OpenOptions, Orm, PreparedRun } from './client';
import { readsOnly } from './dialect-common';

const SYNCHRONOUS_FULL = 2;

/** Turns DATABASE_URL into a better-sqlite3 filename; only `file:` and `:memory:` are SQLite. */
export function sqlitePath(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (url.startsWith('file:')) return url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  throw new Error(`not an SQLite URL: ${url}`);
}

/** One writer at a time: a FIFO lock over the single connection. */
class WriteLock {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

interface Shared {
  client: Database.Database;
  orm: Orm;
  readsOnly: Orm;
  lock: WriteLock;
  /** Set while a transaction's callback runs, to catch code that uses the outer Db inside it. */
  inside: AsyncLocalStorage<true>;
  statements: Map<string, unknown>;
  queue: { fn: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[];
  flushScheduled: boolean;
}

class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  readonly t = schema;

  constructor(
    private readonly s: Shared,
    private readonly depth: number,
  ) {}

  get orm(): Orm {
    return this.depth > 0 ? this.s.orm : this.s.readsOnly;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** better-sqlite3 itself, for the SQLite-only operations in db/ (pragmas, backup). */
  get client(): Database.Database {
    return this.s.client;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.depth > 0) return this.#savepoint(fn);
    if (this.s.inside.getStore()) throw new Error('a transaction was started on the outer database inside another; use its tx');
    return this.s.lock.run(() => this.#immediate(async (tx) => fn(tx)));
  }

  write<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.depth > 0) return this.#savepoint(fn);
    return new Promise<T>((resolve, reject) => {
      this.s.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.s.flushScheduled) {
        this.s.flushScheduled = true;
        setImmediate(() => void this.s.lock.run(() => this.#flush()));
      }
    });
  }

  async callBatched(fn: string): Promise<never> {
    throw new Error(`${fn}: server-side functions are PostgreSQL only; on SQLite a group commit goes through write()`);
  }

  async coalesce<Q, R>(_key: string, run: (requests: Q[]) => Promise<R[]>, request: Q): Promise<R> {
    // Every query runs synchronously on the one connection: nothing to gain from batching.
    return (await run([request]))[0];
  }

  async lock(_table: Lockable, _id: number): Promise<void> {
    if (this.depth === 0) throw new Error('lock() needs a transaction');
  }

  prepared<R>(key: string, build: (db: Db) => PromiseLike<R>, options?: { lock?: 'share' | 'update' }): PreparedRun<R> {
    if (options?.lock && this.depth === 0) throw new Error('a locking read needs a transaction');
    const query = this.#statement(key, build) as { all(p?: Record<string, unknown>): R; run(p?: Record<string, unknown>): unknown; stmt: { reader: boolean } };
    // An insert or update without RETURNING gives no rows; better-sqlite3 wants run() for it.
    if (!query.stmt.reader) return async (params) => (query.run(params), [] as R);
    return async (params) => query.all(params);
  }

  preparedValues<R extends unknown[]>(key: string, build: (db: Db) => PromiseLike<unknown>): PreparedRun<R[]> {
    const query = this.#statement(key, build) as { values(p?: Record<string, unknown>): R[] };
    return async (params) => query.values(params);
  }

  async raw<R>(text: string, params: unknown[] = []): Promise<R[]> {
    const statement = this.s.client.prepare(text);
    if (!statement.reader) {
      statement.run(...params);
      return [];
    }
    return statement.all(...params) as R[];
  }

  async announce(): Promise<void> {}

  async signalAnswers(): Promise<void> {}

  async subscribe(): Promise<null> {
    return null;
  }

  async close(): Promise<void> {
    if (this.s.client.open) this.s.client.close();
  }

  #statement(key: string, build: (db: Db) => PromiseLike<unknown>): unknown {
    let query = this.s.statements.get(key);
    if (query === undefined) {
      query = (build(this) as unknown as { prepare(): unknown }).prepare();
      this.s.statements.set(key, query);
    }
    return query;
  }

  async #immediate<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const { client } = this.s;
    client.exec('BEGIN IMMEDIATE');
    try {
      const result = await this.s.inside.run(true, () => fn(new SqliteDb(this.s, 1)));
      client.exec('COMMIT');
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK');
      throw error;
    }
  }

  async #savepoint<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `sp${this.depth}`;
    const { client } = this.s;
    client.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(new SqliteDb(this.s, this.depth + 1));
      client.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      client.exec(`ROLLBACK TO ${name}`);
      client.exec(`RELEASE ${name}`);
      throw error;
    }
  }

  /**
   * Group commit: the writes queued in one event-loop turn run in one immediate transaction,
   * each in its own savepoint, and are acknowledged together after the single durable commit.
   * A write that fails rolls back alone; if the commit fails, every write of the group is refused.
   */
  async #flush(): Promise<void> {
    this.s.flushScheduled = false;
    const jobs = this.s.queue;
    this.s.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await this.#immediate(async (tx) => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: await tx.transaction(job.fn) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}

/**
 * Opens the database with the settings every acknowledged write relies on (quality.md):
 * WAL, synchronous=FULL (each commit waits for fsync), foreign keys, a busy timeout. It reads the
 * settings back and refuses to run with weaker ones, because a pragma can be silently ignored
 * (WAL is impossible on some file systems and for in-memory databases).
 */
export function openSqlite(options: OpenOptions): Db & { client: Database.Database } {
  const path = sqlitePath(options.url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path, options.onStatement ? { verbose: options.onStatement } : {});
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = FULL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');

  const journal = String(client.pragma('journal_mode', { simple: true }));
  const synchronous = Number(client.pragma('synchronous', { simple: true }));
  const foreignKeys = Number(client.pragma('foreign_keys', { simple: true }));
  const busy = Number(client.pragma('busy_timeout', { simple: true }));
  const problems: string[] = [];
  if (foreignKeys !== 1) problems.push('foreign_keys is off');
  if (busy < 1000) problems.push(`busy_timeout is ${busy} ms`);
  if (path !== ':memory:' || !options.allowWeakDurability) {
    if (journal !== 'wal') problems.push(`journal_mode is ${journal}, not wal`);
    if (synchronous !== SYNCHRONOUS_FULL) problems.push(`synchronous is ${synchronous}, not FULL (2)`);
  }
  if (problems.length > 0 && !options.allowWeakDurability) {
    client.close();
    throw new Error(`database settings are weaker than required: ${problems.join('; ')}`);
  }
  const orm = drizzle({ client, schema, casing: 'snake_case' });
  return new SqliteDb(
    { client, orm, readsOnly: readsOnly(orm), lock: new WriteLock(), inside: new AsyncLocalStorage(), statements: new Map(), queue: [], flushScheduled: false },
    0,
  );
}
