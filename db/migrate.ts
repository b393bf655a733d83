import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
export const pgMigrationsFolder = fileURLToPath(new URL('./migrations-pg', import.meta.url));

const journals = new Map<string, { entries: { when: number }[] }>();

function migrationsSchemaOf(db: Db): string | null {
  if (db.dialect !== 'postgres') return null;
  const { schemaName } = db as import('./postgres').PostgresDb;
  // Each schema keeps its own record of applied migrations (the tests give every app a schema).
  return schemaName === 'public' ? 'drizzle' : schemaName;
}

/**
 * How many committed migrations the database has not applied. drizzle's migrators apply those
 * newer than the last one recorded, so that is what counts here too. A database that has never
 * been migrated has every migration pending.
 */
export async function pendingMigrations(db: Db): Promise<number> {
  const schema = migrationsSchemaOf(db);
  const folder = schema === null ? migrationsFolder : pgMigrationsFolder;
  const journal = journals.get(folder) ?? (JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] });
  journals.set(folder, journal);
  const table = schema === null ? '__drizzle_migrations' : `"${schema}".__drizzle_migrations`;
  let last = -Infinity;
  try {
    const [row] = await db.raw<{ last: number | string | null }>(`select max(created_at) as last from ${table}`);
    if (row?.last !== null && row?.last !== undefined) last = Number(row.last);
  } catch {
    // No record table yet: nothing has been applied.
  }
  return journal.entries.filter((e) => e.when > last).length;
}

/** Applies the committed drizzle-kit migrations of the database's dialect; safe to run on every start. */
export async function runMigrations(db: Db): Promise<void> {
  if (db.dialect === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pg = db as import('./postgres').PostgresDb;
    const migrationsSchema = migrationsSchemaOf(db)!;
    await pg.exclusively('delphi:migrations', (root) => migrate(root, { migrationsFolder: pgMigrationsFolder, migrationsSchema }));
    return;
  }
  const { migrate } = await import('drizzle-orm/better-sqlite3/migrator');
  migrate(db.orm, { migrationsFolder });
}
