import { fileURLToPath } from 'node:url';
import type { Db } from './client';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
export const pgMigrationsFolder = fileURLToPath(new URL('./migrations-pg', import.meta.url));

/** Applies the committed drizzle-kit migrations of the database's dialect; safe to run on every start. */
export async function runMigrations(db: Db): Promise<void> {
  if (db.dialect === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pg = db as import('./postgres').PostgresDb;
    // Each schema keeps its own record of applied migrations (the tests give every app a schema).
    const migrationsSchema = pg.schemaName === 'public' ? 'drizzle' : pg.schemaName;
    await pg.exclusively('delphi:migrations', (root) => migrate(root, { migrationsFolder: pgMigrationsFolder, migrationsSchema }));
    return;
  }
  const { migrate } = await import('drizzle-orm/better-sqlite3/migrator');
  migrate(db.orm, { migrationsFolder });
}
