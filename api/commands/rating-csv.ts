/**
 * Reading the CSV files of the stats and concordance commands, with every problem reported by its
 * line (the header is line 1).
 */
import Papa from 'papaparse';
import { isOnScale, midranks, type Scale } from '../stats';

/** A data problem: exit code 1 with "line N: message". */
export class CsvProblems extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CsvProblems';
  }
}

export interface RatingRow {
  line: number;
  round: number;
  item: string;
  panelist: string;
  /** null = "cannot judge" (empty cell or NA). */
  rating: number | null;
  /** Empty string when the file has no group column or the cell is empty. */
  group: string;
  /** Criterion code; empty string when the file has no criterion column (never empty otherwise). */
  criterion: string;
}

export interface RankRow {
  line: number;
  panelist: string;
  item: string;
  rank: number;
}

/** At most this many problems are listed (the rest would hide the first ones). */
export const MAX_REPORTED = 20;

export interface CsvRecord {
  line: number;
  cells: Map<string, string>;
}

/** Rows keyed by lower-cased header names (columns in any order), after checking the required columns. */
export function readRecords(text: string, required: readonly string[], optional: readonly string[]): { records: CsvRecord[]; columns: Set<string> } {
  const source = text.replace(/^\uFEFF/, '');
  const rows: { line: number; fields: string[] }[] = [];
  const problems: string[] = [];
  let line = 1;
  let consumed = 0;
  Papa.parse<string[]>(source, {
    header: false,
    delimiter: ',',
    skipEmptyLines: false,
    step: (result) => {
      const start = consumed;
      consumed = result.meta.cursor;
      for (const e of result.errors) problems.push(`line ${line}: ${e.message}`);
      rows.push({ line, fields: result.data });
      line += countNewlines(source, start, consumed);
    },
  });
  if (problems.length > 0) throw new CsvProblems(problems);
  const nonEmpty = rows.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (nonEmpty.length === 0) throw new CsvProblems(['line 1: the file is empty (expected a header line)']);
  const [header, ...body] = nonEmpty;
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    const expected = [...required, ...optional.map((o) => `[${o}]`)].join(',');
    throw new CsvProblems([`line ${header.line}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${expected})`]);
  }
  const records = body.map(({ line: at, fields }) => {
    if (fields.length !== names.length) problems.push(`line ${at}: expected ${names.length} fields, found ${fields.length}`);
    return { line: at, cells: new Map(names.map((n, i) => [n, (fields[i] ?? '').trim()])) };
  });
  if (problems.length > 0) throw new CsvProblems(problems.slice(0, MAX_REPORTED));
  return { records, columns: new Set(names) };
}

/**
 * round,item,panelist,rating[,group][,criterion], columns by header. A rating that is empty or NA
 * is "cannot judge"; otherwise it must be an integer on the scale. Rounds are positive integers; a
 * criterion column needs a code on every row; a round/item/panelist(/criterion) key may occur once.
 * Throws CsvProblems listing up to 20 problems.
 */
export function readRatings(text: string, scale: Scale): { rows: RatingRow[]; hasGroup: boolean; hasCriterion: boolean } {
  const { records, columns } = readRecords(text, ['round', 'item', 'panelist', 'rating'], ['group', 'criterion']);
  const hasCriterion = columns.has('criterion');
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const rows: RatingRow[] = [];
  for (const { line, cells } of records) {
    const get = (c: string) => cells.get(c) ?? '';
    const round = get('round');
    const item = get('item');
    const panelist = get('panelist');
    const rating = get('rating');
    const criterion = get('criterion');
    const before = problems.length;
    if (!/^\d+$/.test(round) || Number(round) < 1) problems.push(`line ${line}: round '${round}' is not a positive integer`);
    if (item === '') problems.push(`line ${line}: item is empty`);
    if (panelist === '') problems.push(`line ${line}: panelist is empty`);
    if (hasCriterion && criterion === '') problems.push(`line ${line}: criterion is empty (a criterion column needs a code on every row)`);
    let value: number | null = null;
    if (rating !== '' && rating.toUpperCase() !== 'NA') {
      if (!/^[+-]?\d+$/.test(rating)) problems.push(`line ${line}: rating '${rating}' is not an integer (leave it empty or write NA for "cannot judge")`);
      else if (!isOnScale(Number(rating), scale)) problems.push(`line ${line}: rating ${Number(rating)} is outside the scale ${scale.min}-${scale.max}`);
      else value = Number(rating);
    }
    if (problems.length > before) continue;
    const key = JSON.stringify([Number(round), item, panelist, criterion]);
    const first = seen.get(key);
    if (first !== undefined) {
      const what = hasCriterion ? `item ${item}, criterion ${criterion}` : `item ${item}`;
      problems.push(`line ${line}: duplicate row for round ${round}, ${what}, panelist ${panelist} (first on line ${first})`);
      continue;
    }
    seen.set(key, line);
    rows.push({ line, round: Number(round), item, panelist, rating: value, group: get('group'), criterion });
  }
  if (problems.length > 0) throw new CsvProblems(problems.slice(0, MAX_REPORTED));
  return { rows, hasGroup: columns.has('group'), hasCriterion };
}

/**
 * panelist,item,rank with midranks for ties. Panelists who did not rank every item are dropped
 * (listwise, §6.1) and counted; each remaining panelist's ranks must be a valid midrank vector
 * (e.g. 1, 2.5, 2.5, 4). Throws CsvProblems.
 */
export function readRankings(text: string): { items: string[]; panelists: string[]; ranks: number[][]; excluded: string[] } {
  const { records } = readRecords(text, ['panelist', 'item', 'rank'], []);
  const problems: string[] = [];
  const byPanelist = new Map<string, Map<string, RankRow>>();
  const items = new Set<string>();
  for (const { line, cells } of records) {
    const panelist = cells.get('panelist') ?? '';
    const item = cells.get('item') ?? '';
    const rankText = cells.get('rank') ?? '';
    if (panelist === '' || item === '') {
      problems.push(`line ${line}: panelist and item must not be empty`);
      continue;
    }
    if (!/^\d+(\.\d+)?$/.test(rankText) || Number(rankText) < 1) {
      problems.push(`line ${line}: rank '${rankText}' is not a positive number`);
      continue;
    }
    const ranks = byPanelist.get(panelist) ?? new Map<string, RankRow>();
    const first = ranks.get(item);
    if (first) {
      problems.push(`line ${line}: duplicate rank for panelist ${panelist}, item ${item} (first on line ${first.line})`);
      continue;
    }
    ranks.set(item, { line, panelist, item, rank: Number(rankText) });
    byPanelist.set(panelist, ranks);
    items.add(item);
  }
  const itemList = [...items].sort(naturalCompare);
  const panelists: string[] = [];
  const excluded: string[] = [];
  const matrix: number[][] = [];
  for (const [panelist, ranks] of byPanelist) {
    if (ranks.size < itemList.length) {
      excluded.push(panelist);
      continue;
    }
    const row = itemList.map((i) => (ranks.get(i) as RankRow).rank);
    if (midranks(row).some((r, i) => Math.abs(r - row[i]) > 1e-9)) {
      const firstLine = Math.min(...[...ranks.values()].map((r) => r.line));
      problems.push(
        `line ${firstLine}: the ranks of panelist ${panelist} (${row.join(', ')}) are not a ranking of ${row.length} items (tied items share the mean ` +
          `of their positions, e.g. 1.5, 1.5, 3)`,
      );
      continue;
    }
    panelists.push(panelist);
    matrix.push(row);
  }
  if (problems.length > 0) throw new CsvProblems(problems.slice(0, MAX_REPORTED));
  return { items: itemList, panelists, ranks: matrix, excluded };
}

const collator = new Intl.Collator('en', { numeric: true });

/** Item and panelist order: natural (item2 before item10), independent of the file's row order. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
