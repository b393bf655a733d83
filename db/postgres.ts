import pg from 'pg';
import { Column, fillPlaceholders, is, SQL, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema.pg';
import type { Announcement, Db, Lockable, OpenOptions, Orm, PreparedRun, Tables } from './client';
import { databaseErrorCode, readsOnly } from './dialect-common';

/** The channel that carries "study S has event seq N" and "answers arrived in study S, round R" between server instances. */
export const EVENTS_CHANNEL = 'delphi_events';

// Counts (bigint) and averages (numeric) arrive as strings by default; every count and sum the
// service reads fits a double, and SQLite returns numbers for them, so parse them as numbers.
const AS_NUMBER = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (AS_NUMBER.has(oid)) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

/**
 * A connection that sends the queries it is given one after another. Code may ask a transaction
 * for several reads at once (`Promise.all` over one connection); pg 8 queues them itself but warns
 * that pg 9 will refuse a query while another runs, so they wait for each other here instead, in
 * the order they were asked for. Callback-style calls (the pool's own `query`) and submittables
 * (cursors) are passed straight through: they never share a connection.
 */
class OneQueryAtATime extends pg.Client {
  #last: Promise<unknown> = Promise.resolve();

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // The driver's method, looked up on each call (a test may wrap it to count statements).
    const send = (...args: unknown[]) => (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    this.query = ((...args: unknown[]) => {
      const [query] = args as [{ submit?: unknown } | string];
      if (typeof args.at(-1) === 'function' || (typeof query === 'object' && typeof query?.submit === 'function')) return send(...args);
      const run = this.#last.then(() => send(...args));
      this.#last = run.catch(() => undefined);
      return run;
    }) as typeof this.query;
  }
}

/** SQLSTATEs after which the whole transaction is simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

type Executor = NodePgDatabase<typeof schema> | PgTransaction<never, typeof schema, never>;

/** The requests for one server-side function that wait for a call, and the calls in flight. */
interface Batch {
  queue: { request: unknown; lockOrder: number; resolve: (v: unknown) => void; reject: (e: unknown) => void }[];
  inFlight: number;
  scheduled: boolean;
}

/** A select whose rows travel as one JSON document of column arrays (see preparedValues). */
interface ColumnarQuery {
  name: string;
  text: string;
  params: unknown[];
}

/** Requests per call at most, so one call's locks and reply stay small. */
const MAX_BATCH = 64;

interface Shared {
  batches: Map<string, Batch>;
  pool: pg.Pool;
  root: NodePgDatabase<typeof schema>;
  readsOnly: Orm;
  statements: Map<string, unknown>;
  columnar: Map<string, ColumnarQuery>;
  config: pg.PoolConfig;
  schemaName: string;
}

const toPositional = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

/** Settles each request of a batch; if the batch fails, each is run alone, so only the one that fails is refused. */
async function settle(jobs: Batch['queue'], run: (requests: unknown[]) => Promise<unknown[]>): Promise<void> {
  try {
    const results = await run(jobs.map((j) => j.request));
    jobs.forEach((job, i) => job.resolve(results[i]));
  } catch (error) {
    if (jobs.length === 1) return jobs[0].reject(error);
    await Promise.all(
      jobs.map((job) =>
        run([job.request]).then(
          ([result]) => job.resolve(result),
          (e: unknown) => job.reject(e),
        ),
      ),
    );
  }
}

class PostgresDb implements Db {
  readonly dialect = 'postgres' as const;
  // The repositories are typed with the SQLite schema; the pg-core twin has the same shape.
  readonly t = schema as unknown as Tables;

  constructor(
    private readonly s: Shared,
    private readonly executor: Executor,
    private readonly depth: number,
    /** False only for the instance that builds cached statements, which may write. */
    private readonly guarded = true,
  ) {}

  get orm(): Orm {
    return this.depth > 0 || !this.guarded ? (this.executor as unknown as Orm) : this.s.readsOnly;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** The PostgreSQL schema the tables live in. */
  get schemaName(): string {
    return this.s.schemaName;
  }

  /**
   * Runs `fn` while holding a session-level advisory lock, so that two instances starting at
   * once do not both apply the migrations.
   */
  async exclusively<T>(key: string, fn: (root: NodePgDatabase<typeof schema>) => Promise<T>): Promise<T> {
    const client = await this.s.pool.connect();
    try {
      await client.query('select pg_advisory_lock(hashtext($1))', [key]);
      try {
        return await fn(this.s.root);
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      client.release();
    }
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      return (this.executor as PgTransaction<never, typeof schema, never>).transaction((inner) => fn(new PostgresDb(this.s, inner, this.depth + 1)));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.s.root.transaction((tx) => fn(new PostgresDb(this.s, tx as Executor, 1)), { isolationLevel: 'read committed' });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(databaseErrorCode(error) ?? '')) throw error;
        await new Promise((r) => setTimeout(r, attempt * 5 + Math.random() * 10));
      }
    }
  }

  write<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  async callBatched<R>(fn: string, request: object, options?: { lockOrder?: number }): Promise<R> {
    if (!/^[a-z_][a-z0-9_]*$/.test(fn)) throw new Error(`not a plain function name: ${fn}`);
    if (this.depth > 0) {
      const client = (this.executor as unknown as { session: { client: pg.PoolClient } }).session.client;
      return (await this.#call(client, fn, [request]))[0] as R;
    }
    return this.coalesce(`call:${fn}`, (requests) => this.#callRetrying(fn, requests), request, options) as Promise<R>;
  }

  coalesce<Q, R>(key: string, run: (requests: Q[]) => Promise<R[]>, request: Q, options?: { lockOrder?: number }): Promise<R> {
    if (this.depth > 0) return run([request]).then((results) => results[0]);
    let batch = this.s.batches.get(key);
    if (!batch) this.s.batches.set(key, (batch = { queue: [], inFlight: 0, scheduled: false }));
    const b = batch;
    return new Promise<R>((resolve, reject) => {
      b.queue.push({ request, lockOrder: options?.lockOrder ?? 0, resolve: resolve as (v: unknown) => void, reject });
      this.#pump(b, run as (requests: unknown[]) => Promise<unknown[]>);
    });
  }

  /**
   * Sends what waits once a batch may go: at most half the pool's connections per kind of batch,
   * so the other queries of the same requests still find a connection. Requests that arrive
   * meanwhile wait for the next batch, which is how saves under load share a commit.
   */
  #pump(b: Batch, run: (requests: unknown[]) => Promise<unknown[]>): void {
    if (b.scheduled || b.queue.length === 0 || b.inFlight >= Math.max(1, Math.floor((this.s.config.max ?? 10) / 2))) return;
    b.scheduled = true;
    // One event-loop turn first, so the requests of the same turn go together.
    setImmediate(() => {
      b.scheduled = false;
      const jobs = b.queue.splice(0, MAX_BATCH).sort((x, y) => x.lockOrder - y.lockOrder);
      if (jobs.length === 0) return;
      b.inFlight++;
      void settle(jobs, run).finally(() => {
        b.inFlight--;
        this.#pump(b, run);
      });
      this.#pump(b, run);
    });
  }

  /** One call in a transaction of its own (autocommit); a deadlock or serialization failure runs it again. */
  async #callRetrying(fn: string, requests: unknown[]): Promise<unknown[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#call(this.s.pool, fn, requests);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(databaseErrorCode(error) ?? '')) throw error;
        await new Promise((r) => setTimeout(r, attempt * 5 + Math.random() * 10));
      }
    }
  }

  async #call(on: pg.Pool | pg.PoolClient, fn: string, requests: unknown[]): Promise<unknown[]> {
    const { rows } = await on.query<{ r: { i: number } }>({
      name: `call_${fn}`,
      text: `select ${fn}($1) as r`,
      // The index first: properties added after a spread cost V8 a slower shape. Requests carry no `i` of their own.
      values: [JSON.stringify(requests.map((request, i) => ({ i, ...(request as object) })))],
      types,
    });
    const results = new Array<unknown>(requests.length);
    for (const { r } of rows) results[r.i] = r;
    return results;
  }

  async lock(table: Lockable, id: number, mode: 'update' | 'share' = 'update'): Promise<void> {
    if (this.depth === 0) throw new Error('lock() needs a transaction');
    await this.executor.execute(sql`select 1 from ${sql.identifier(table)} where id = ${id} for ${sql.raw(mode === 'share' ? 'share' : 'update')}`);
  }

  prepared<R>(key: string, build: (db: Db) => PromiseLike<R>, options?: { lock?: 'share' | 'update' }): PreparedRun<R> {
    if (options?.lock && this.depth === 0) throw new Error('a locking read needs a transaction');
    const query = this.#statement(key, (db) => {
      const builder = build(db) as unknown as { for(strength: string): unknown };
      return options?.lock ? builder.for(options.lock) : builder;
    }) as { execute(p?: Record<string, unknown>): Promise<R> };
    return (params) => query.execute(params);
  }

  /**
   * The rows come back as one text value, a JSON array of column arrays, which the server builds
   * and JSON.parse reads natively: for the hundreds of thousands of answers a close reads, the
   * driver's per-row messages, per-field parsers and row objects cost several times the query
   * (and most of it in garbage collection). Like the rows of any unordered select, the order is
   * the scan's.
   */
  preparedValues<R extends unknown[]>(key: string, build: (db: Db) => PromiseLike<unknown>): PreparedRun<R[]> {
    let query = this.s.columnar.get(key);
    if (query === undefined) {
      const builder = build(new PostgresDb(this.s, this.s.root, 0, false)) as unknown as {
        toSQL(): { sql: string; params: unknown[] };
        getSelectedFields(): Record<string, unknown>;
      };
      const fields = Object.values(builder.getSelectedFields());
      if (!fields.every((f) => is(f, Column) || is(f, SQL) || is(f, SQL.Aliased))) throw new Error(`${key}: preparedValues needs a flat selection`);
      const { sql: inner, params } = builder.toSQL();
      const columns = fields.map((_, i) => `c${i}`);
      const arrays = columns.map((c) => `array_agg(${c})`).join(', ');
      query = { name: `values_${key}`, text: `select json_build_array(${arrays})::text as columns from (${inner}) as q(${columns.join(', ')})`, params };
      this.s.columnar.set(key, query);
    }
    const { name, text, params } = query;
    const on = this.depth > 0 ? (this.executor as unknown as { session: { client: pg.PoolClient } }).session.client : this.s.pool;
    return async (values) => {
      const { rows } = await on.query<{ columns: string }>({ name, text, values: fillPlaceholders(params, values ?? {}), types });
      const columns = JSON.parse(rows[0].columns) as unknown[][];
      // array_agg of no rows is null.
      const out = new Array<R>(columns[0]?.length ?? 0);
      for (let i = 0; i < out.length; i++) {
        const row = new Array<unknown>(columns.length);
        for (let j = 0; j < columns.length; j++) {
          const v = columns[j][i];
          row[j] = typeof v === 'boolean' ? Number(v) : v;
        }
        out[i] = row as R;
      }
      return out;
    };
  }

  /**
   * drizzle builds a prepared query's SQL once per key; PostgreSQL parses the named statement
   * once per connection. The query object is bound to the connection it was built on, so inside
   * a transaction a view of it runs on the transaction's connection instead.
   */
  #statement(key: string, build: (db: Db) => unknown): unknown {
    let query = this.s.statements.get(key);
    if (query === undefined) {
      // Built on the pool, never on a transaction's connection, which goes back to the pool.
      query = (build(new PostgresDb(this.s, this.s.root, 0, false)) as { prepare(name: string): object }).prepare(key);
      this.s.statements.set(key, query);
    }
    if (this.depth === 0) return query;
    const client = (this.executor as unknown as { session: { client: pg.PoolClient } }).session.client;
    return Object.create(query as object, { client: { value: client } }) as unknown;
  }

  async raw<R>(text: string, params: unknown[] = []): Promise<R[]> {
    if (this.depth > 0) throw new Error('raw() runs outside transactions');
    const { rows } = await this.s.pool.query({ text: toPositional(text), values: params, types });
    return rows as R[];
  }

  async announce(studyId: number, seq: number): Promise<void> {
    // NOTIFY inside the transaction is delivered only when it commits, in commit order.
    await this.executor.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${`event:${studyId}:${seq}`})`);
  }

  async signalAnswers(studyId: number, roundId: number): Promise<void> {
    await this.s.pool.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, `answers:${studyId}:${roundId}`]);
  }

  async subscribe(listener: (news: Announcement) => void): Promise<() => Promise<void>> {
    let client: pg.Client | null = null;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (reconnected: boolean): Promise<void> => {
      const c = new pg.Client(this.s.config);
      c.on('notification', (n) => {
        const [kind, study, second] = (n.payload ?? '').split(':');
        const studyId = Number(study);
        const other = Number(second);
        if (n.channel !== EVENTS_CHANNEL || !Number.isInteger(studyId) || !Number.isInteger(other)) return;
        if (kind === 'event') listener({ kind, studyId, seq: other });
        else if (kind === 'answers') listener({ kind, studyId, roundId: other });
      });
      c.on('error', () => {
        // The connection dropped: listen again, and tell the listener to catch up on what it missed.
        if (stopped || client !== c) return;
        client = null;
        c.end().catch(() => undefined);
        retry = setTimeout(() => void connect(true).catch(() => undefined), 1000);
      });
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (stopped) {
        await c.end();
        return;
      }
      client = c;
      if (reconnected) listener({ kind: 'reconnected' });
    };
    await connect(false);
    return async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    if (!this.s.pool.ended) await this.s.pool.end();
  }
}

/**
 * Opens a pool on PostgreSQL. With `schema`, it is created if missing and every connection uses
 * it through search_path, so that tests (or several deployments) can share one database.
 */
export async function openPostgres(options: OpenOptions): Promise<Db> {
  const schemaName = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`not a plain schema name: ${schemaName}`);
  const config: pg.PoolConfig = {
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    Client: OneQueryAtATime,
    ...(options.schema ? { options: `-c search_path=${schemaName}` } : {}),
  };
  if (options.schema) {
    const setup = new pg.Client({ connectionString: options.url });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schemaName}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool(config);
  // An idle connection that the server drops must not take the process down.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  const root = drizzle({ client: pool, schema, casing: 'snake_case' });
  return new PostgresDb(
    { batches: new Map(), pool, root, readsOnly: readsOnly(root as unknown as Orm), statements: new Map(), columnar: new Map(), config, schemaName },
    root,
    0,
  );
}

export type { PostgresDb };
