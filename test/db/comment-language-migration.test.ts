import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate';

describe('the comment-language migration', () => {
  it("gives existing comments and ideas the panelist's language, or the study's first when the panelist's is not a study language", () => {
    const files = readdirSync(migrationsFolder)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const own = files.findIndex((f) => f.endsWith('_translations.sql'));
    const db = new Database(':memory:');
    // Rows are written straight into the tables, without the rounds and items they would hang from.
    db.pragma('foreign_keys = OFF');
    for (const f of files.slice(0, own)) db.exec(readFileSync(join(migrationsFolder, f), 'utf8'));
    db.exec(`insert into studies (id, slug, title, languages, attributes, scale, protocol) values (1, 's', 'S', '["de","pl"]', '[]', '{}', '{}')`);
    db.exec(`insert into panelists (id, study_id, code, language, attributes) values (1, 1, 'A', 'pl', '{}'), (2, 1, 'B', 'fr', '{}')`);
    db.exec(`insert into responses (round_id, panelist_id, item_version_id, value, comment) values (1, 1, 1, 5, 'Polski'), (1, 2, 1, 5, 'Français')`);
    db.exec(`insert into ideas (round_id, panelist_id, text) values (1, 1, 'Pomysł'), (1, 2, 'Idée')`);
    for (const f of files.slice(own)) db.exec(readFileSync(join(migrationsFolder, f), 'utf8'));
    expect(db.prepare('select comment, language from responses order by id').all()).toEqual([
      { comment: 'Polski', language: 'pl' },
      { comment: 'Français', language: 'de' },
    ]);
    expect(db.prepare('select text, language from ideas order by id').all()).toEqual([
      { text: 'Pomysł', language: 'pl' },
      { text: 'Idée', language: 'de' },
    ]);
    db.close();
  });
});
