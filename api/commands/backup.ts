import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config';
import type { CommandIO } from './command-io';

const sqlitePath = (url: string) => resolve(url.replace(/^file:/, ''));
const isPostgres = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Runs a PostgreSQL client tool; a missing tool is said plainly, not as a stack trace. */
function run(tool: string, args: string[], io: CommandIO): Promise<number> {
  return new Promise((done) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    child.stderr.on('data', (d) => io.stderr(String(d)));
    child.once('error', (e: NodeJS.ErrnoException) => {
      io.stderr(
        e.code === 'ENOENT'
          ? `${tool} is not installed. Install PostgreSQL's client tools in the server's major version ` +
              `(e.g. apt-get install postgresql-client), or run ${tool} where they are.\n`
          : `${tool} did not run: ${e.message}\n`,
      );
      done(1);
    });
    child.once('exit', (code) => done(code ?? 1));
  });
}

/**
 * A consistent copy of a running server's database. SQLite: the online backup API, which copies
 * one committed state while the server keeps writing (WAL readers do not block writers); it is
 * asked for all remaining pages per step, since a step interrupted by a write starts over and
 * small steps could start over forever under steady load. PostgreSQL: pg_dump, custom format.
 */
export async function backupCommand(args: string[], config: Config, io: CommandIO): Promise<number> {
  const [file] = args;
  if (!file || file.startsWith('-')) {
    io.stderr('Usage: npm run cli -- backup FILE\n');
    return 2;
  }
  if (existsSync(file)) {
    io.stderr(`${file} exists already; choose a new file name, so no backup is overwritten.\n`);
    return 1;
  }
  if (isPostgres(config.DATABASE_URL)) {
    const code = await run('pg_dump', ['--format=custom', '--file', file, config.DATABASE_URL], io);
    if (code === 0) io.stdout(`PostgreSQL database dumped to ${file} (restore: npm run cli -- restore ${file}).\n`);
    return code;
  }
  const source = sqlitePath(config.DATABASE_URL);
  if (!existsSync(source)) {
    io.stderr(`There is no database at ${source} to back up.\n`);
    return 1;
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(file, { progress: () => 1_000_000 });
  } finally {
    db.close();
  }
  const copy = new Database(file, { readonly: true });
  const check = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (check !== 'ok') {
    io.stderr(`The copy in ${file} failed its integrity check (${String(check)}); keep the previous backup.\n`);
    return 1;
  }
  io.stdout(`SQLite database ${source} backed up to ${file} (${statSync(file).size} bytes, integrity ok).\n`);
  return 0;
}

/** Whether an SQLite file holds anything a restore would overwrite: any facilitator or study. */
function sqliteHasData(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { readonly: true });
  try {
    const tables = new Set(([...db.prepare("select name from sqlite_master where type = 'table'").iterate()] as { name: string }[]).map((t) => t.name));
    return ['facilitators', 'studies'].some((t) => tables.has(t) && [...db.prepare(`select 1 from ${t} limit 1`).iterate()].length > 0);
  } finally {
    db.close();
  }
}

/**
 * Restores a backup into an empty database only (no facilitator, no study), so a slip of the
 * finger cannot replace a live study's answers. The server must be stopped; migrations then bring
 * an older backup up to date at the next start.
 */
export async function restoreCommand(args: string[], config: Config, io: CommandIO): Promise<number> {
  const [file] = args;
  if (!file || file.startsWith('-')) {
    io.stderr('Usage: npm run cli -- restore FILE   (into an empty database, with the server stopped)\n');
    return 2;
  }
  if (!existsSync(file)) {
    io.stderr(`There is no backup at ${file}.\n`);
    return 1;
  }
  if (isPostgres(config.DATABASE_URL)) {
    const { openDatabase } = await import('../../db/client');
    const db = await openDatabase({ url: config.DATABASE_URL });
    try {
      const [row] = await db.raw<{ n: number }>(
        "select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name in ('facilitators', 'studies')",
      );
      if (row.n > 0 && (await db.raw('select 1 from facilitators union all select 1 from studies limit 1')).length > 0) {
        io.stderr('The database named by DATABASE_URL is not empty; restore only into an empty database.\n');
        return 1;
      }
    } finally {
      await db.close();
    }
    const code = await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--dbname', config.DATABASE_URL, file], io);
    if (code === 0) io.stdout(`Restored ${file} into the PostgreSQL database.\n`);
    return code;
  }
  const target = sqlitePath(config.DATABASE_URL);
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
    if (source.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('integrity check failed');
  } catch (e) {
    io.stderr(`${file} is not a usable SQLite backup: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    if (sqliteHasData(target)) {
      io.stderr(`${target} is not empty (it has facilitators or studies); restore only into an empty database.\n`);
      return 1;
    }
    for (const f of [target, `${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    await source.backup(target);
  } finally {
    source.close();
  }
  io.stdout(`Restored ${file} into ${target}. Start the server: it applies any newer migrations first.\n`);
  return 0;
}
