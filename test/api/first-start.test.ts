import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config';
import { startServer } from '../../api/server';
import { freePort } from '../helpers/ports';

const dir = mkdtempSync(join(tmpdir(), 'delphi-first-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(file: string, demo: 'on' | 'off') {
  const lines: string[] = [];
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, file)}`, PORT: String(await freePort()), LOG_LEVEL: 'silent', DEMO: demo });
  const app = await startServer(config, { demo: true, print: (l) => lines.push(l) });
  const studies = await app.db.raw<{ n: number }>('select count(*) as n from studies');
  await app.close();
  return { lines, studies: studies[0].n };
}

describe('npm start on a database', () => {
  it('with DEMO=off and nothing in it, seeds nothing and says how to create the first administrator', async () => {
    const { lines, studies } = await start('off.db', 'off');
    expect(studies).toBe(0);
    expect(lines.slice(0, 2)).toEqual([
      'Empty database, demo off (DEMO=off): nothing seeded. Create the first administrator with',
      '  npm run cli -- admin create --email you@example.org --admin',
    ]);
  });

  it('seeds the demo only while it is empty, and says so', async () => {
    const first = await start('on.db', 'on');
    expect(first.studies).toBe(1);
    expect(first.lines[0]).toMatch(/^Empty database: demo study seeded \(DEMO=off to skip\): http:\/\/127\.0\.0\.1:\d+\/studies\/demo$/);
    const again = await start('on.db', 'on');
    expect(again.studies).toBe(1);
    expect(again.lines[0]).toBe('The database has facilitators already: no demo seeded.');
  });
});
