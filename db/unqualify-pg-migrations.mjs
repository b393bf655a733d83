// drizzle-kit writes `REFERENCES "public"."table"` into PostgreSQL migrations. The service runs
// them in whichever schema search_path selects (tests give each app its own), so the schema
// name must not be spelled out. Run after `drizzle-kit generate` (npm run db:generate does).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('./migrations-pg/', import.meta.url);
for (const name of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
  const file = new URL(name, dir);
  const sql = readFileSync(file, 'utf8');
  const fixed = sql.replaceAll('"public".', '');
  if (fixed !== sql) {
    writeFileSync(file, fixed);
    console.log(`unqualified the schema in db/migrations-pg/${name}`);
  }
}
