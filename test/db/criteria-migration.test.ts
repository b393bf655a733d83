import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/sqlite';
import { migrationsFolder, runMigrations } from '../../db/migrate';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The committed migrations up to, not including, the one that added criteria. */
function migrationsBeforeCriteria(): string {
  const dir = mkdtempSync(join(tmpdir(), 'delphi-criteria-'));
  dirs.push(dir);
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.endsWith('_questions'));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe('migration to criteria', () => {
  it('keeps every answer of an old single-criterion database, as the unnamed criterion, and refuses a second answer to it', async () => {
    const db = openSqlite({ url: ':memory:', allowWeakDurability: true });
    migrate(db.orm, { migrationsFolder: migrationsBeforeCriteria() });
    const c = db.client;
    const scale = JSON.stringify({ min: 1, max: 9, cannotJudge: true, labels: {} });
    c.prepare(`insert into studies (slug, title, languages, attributes, scale, protocol) values ('old', 'Old', '["en"]', '[]', ?, '{}')`).run(scale);
    c.prepare(`insert into rounds (study_id, number, kind) values (1, 1, 'rating')`).run();
    c.prepare(`insert into items (study_id, code) values (1, 'A')`).run();
    c.prepare(`insert into item_versions (item_id, version, texts) values (1, 1, '{"en":"A"}')`).run();
    c.prepare(`insert into panelists (study_id, code, language, attributes) values (1, 'P1', 'en', '{}')`).run();
    c.prepare(`insert into responses (round_id, panelist_id, item_version_id, value, comment, revision) values (1, 1, 1, 8, 'kept', 3)`).run();

    await runMigrations(db);

    expect(c.prepare('select criteria from studies').get()).toEqual({ criteria: '[]' });
    expect(c.prepare('select criterion, value, comment, revision from responses').all()).toEqual([{ criterion: '', value: 8, comment: 'kept', revision: 3 }]);
    const again = `insert into responses (round_id, panelist_id, item_version_id, value, criterion) values (1, 1, 1, 7, ?)`;
    expect(() => c.prepare(again).run('')).toThrow(/UNIQUE/);
    c.prepare(again).run('feasibility');
    expect(c.prepare('select count(*) as n from responses').get()).toEqual({ n: 2 });
    c.close();
  });
});
