import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface OpenOptions {
  /** `file:path/to.db` or `:memory:` */
  url: string;
  /** Accept weaker durability settings than WAL + synchronous=FULL (tests of throwaway data only). */
  allowWeakDurability?: boolean;
}

const SYNCHRONOUS_FULL = 2;

/** Turns DATABASE_URL into a better-sqlite3 filename; only `file:` and `:memory:` are SQLite. */
export function sqlitePath(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (url.startsWith('file:')) return url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  throw new Error(`not an SQLite URL: ${url}`);
}

/**
 * Opens the database with the settings every acknowledged write relies on (quality.md):
 * WAL, synchronous=FULL (each commit waits for fsync), foreign keys, a busy timeout. It reads the
 * settings back and refuses to run with weaker ones, because a pragma can be silently ignored
 * (WAL is impossible on some file systems and for in-memory databases).
 */
export function openDatabase(options: OpenOptions): Db {
  const path = sqlitePath(options.url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');

  const journal = String(sqlite.pragma('journal_mode', { simple: true }));
  const synchronous = Number(sqlite.pragma('synchronous', { simple: true }));
  const foreignKeys = Number(sqlite.pragma('foreign_keys', { simple: true }));
  const busy = Number(sqlite.pragma('busy_timeout', { simple: true }));
  const problems: string[] = [];
  if (foreignKeys !== 1) problems.push('foreign_keys is off');
  if (busy < 1000) problems.push(`busy_timeout is ${busy} ms`);
  if (path !== ':memory:' || !options.allowWeakDurability) {
    if (journal !== 'wal') problems.push(`journal_mode is ${journal}, not wal`);
    if (synchronous !== SYNCHRONOUS_FULL) problems.push(`synchronous is ${synchronous}, not FULL (2)`);
  }
  if (problems.length > 0 && !options.allowWeakDurability) {
    sqlite.close();
    throw new Error(`database settings are weaker than required: ${problems.join('; ')}`);
  }
  return drizzle({ client: sqlite, schema, casing: 'snake_case' }) as Db;
}
