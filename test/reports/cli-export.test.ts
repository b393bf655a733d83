import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { pdfText } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'delphi-export-'));
const env = { DATABASE_URL: `file:${join(dir, 'demo.db')}` };

const cli = (args: string[], extra: Record<string, string> = env) => runCli(args, extra);

beforeAll(async () => {
  expect((await cli(['demo'])).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- export', () => {
  it('writes every format for the study given by slug or id', async () => {
    const out = (format: string) => join(dir, `demo.${format}`);
    const results = await Promise.all(
      ['html', 'pdf', 'xlsx', 'csv', 'json'].map((format) =>
        cli(['export', '--study', format === 'csv' ? '1' : 'demo', '--format', format, '--out', out(format)]),
      ),
    );
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Wrote .* for study demo\.\n$/);
    }
    expect(readFileSync(out('html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect((await pdfText(readFileSync(out('pdf')))).includes('Items without consensus')).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out('xlsx'));
    expect(wb.getWorksheet('Responses')!.rowCount).toBeGreaterThan(1000);
    const csvLines = readFileSync(out('csv'), 'utf8').split('\r\n');
    expect(csvLines[0]).toMatch(/^\ufeff# Attributes coarsened so that every combination/);
    expect(csvLines[1]).toBe('round,item,item_version,panelist,criterion,sector,role_level,country,rating,cannot_judge');
    expect(JSON.parse(readFileSync(out('json'), 'utf8')).schemaVersion).toBe('1.4.0');
    expect(statSync(out('pdf')).size).toBeGreaterThan(50_000);
  }, 90_000);

  it('writes the report after one round with --round', async () => {
    const file = join(dir, 'round1.html');
    const r = await cli(['export', '--study', 'demo', '--format', 'html', '--round', '1', '--out', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8').includes('report after round 1')).toBe(true);
  }, 30_000);

  it('explains what is wrong with the arguments, and exits 1 for an unknown study', async () => {
    const bad = await cli(['export', '--study', 'demo', '--format', 'docx', '--out', join(dir, 'x')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of html, pdf, xlsx, csv, json, relations-csv, rankings-csv, ranks-csv, not "docx"/);
    const missing = await cli(['export', '--study', 'nope', '--format', 'csv', '--out', join(dir, 'x.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('No study with the id or slug "nope".\n');
  }, 30_000);
});

describe('npm run cli -- export --full-archive', () => {
  it('adds the e-mail addresses of panel and team to the JSON study file, and is for JSON only', async () => {
    const file = join(dir, 'full.json');
    const r = await cli(['export', '--study', 'demo', '--format', 'json', '--full-archive', '--out', file]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.archive).toBe('full');
    // The demo's panel has no addresses (its links are shown); its facilitator's is in the archive.
    expect(doc.members).toEqual([{ role: 'owner', email: expect.stringContaining('@') }]);
    const wrong = await cli(['export', '--study', 'demo', '--format', 'csv', '--full-archive', '--out', join(dir, 'x.csv')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^--full-archive is for --format json only/);
  }, 60_000);
});

describe('npm run cli -- import', () => {
  it('restores an export into another database, prints the slug, and verifies the results', async () => {
    const file = join(dir, 'demo.json');
    const other = { DATABASE_URL: `file:${join(dir, 'other.db')}` };
    const first = await cli(['import', file], other);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('owner: none (no administrator yet)');
    expect(first.stdout).toContain('Recomputed 1 closed round(s): identical to the imported results.');
    expect(first.stdout).toMatch(/\nSlug: demo\n$/);
    const second = await cli(['import', file], other);
    expect(second.stdout).toMatch(/\nSlug: demo-2\n$/);
    const notJson = await cli(['import', join(dir, 'demo.csv')], other);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^Cannot read .* as JSON/);
  }, 60_000);
});
