import Papa from 'papaparse';
import type { Problem } from '../errors';

/** Item and panel files have a handful of columns (codes, texts per language, attributes). */
export const MAX_CSV_COLUMNS = 200;

export interface CsvRow {
  /** 1-based line of the file on which the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  problems: Problem[];
}

/**
 * Parses CSV text with a header line. Records may span lines inside quotes, so the line of each
 * record is counted from the parser's cursor rather than from the record index.
 */
export function parseCsv(text: string): CsvTable {
  const source = text.replace(/^\uFEFF/, '');
  const records: { line: number; fields: string[] }[] = [];
  const problems: Problem[] = [];
  let consumed = 0;
  let line = 1;
  Papa.parse<string[]>(source, {
    header: false,
    skipEmptyLines: 'greedy',
    // Spreadsheets in much of Europe save CSV with semicolons.
    delimitersToGuess: [',', ';', '\t'],
    step: (res) => {
      const end = res.meta.cursor;
      const chunk = source.slice(consumed, end);
      // Skip leading line breaks (blank lines) so the record's own first line is reported.
      const lead = /^(\r?\n)*/.exec(chunk)?.[0] ?? '';
      const startLine = line + (lead.match(/\n/g)?.length ?? 0);
      records.push({ line: startLine, fields: res.data });
      // A one-column file has no delimiter to detect; that is not a problem.
      for (const e of res.errors) if (e.code !== 'UndetectableDelimiter') problems.push({ line: startLine, message: e.message });
      line += chunk.match(/\n/g)?.length ?? 0;
      consumed = end;
    },
  });
  if (records.length === 0) return { header: [], rows: [], problems: [{ line: 1, message: 'The file is empty; it needs a header line.' }] };
  const header = records[0].fields.map((h) => h.trim());
  if (header.length > MAX_CSV_COLUMNS) {
    // Nothing below is worth doing (or reporting) for such a file: it cannot be one of ours.
    return { header: [], rows: [], problems: [{ line: 1, message: `The header has ${header.length} columns; a study file has at most ${MAX_CSV_COLUMNS}.` }] };
  }
  const counts = new Map<string, number>();
  for (const h of header) counts.set(h, (counts.get(h) ?? 0) + 1);
  for (const [h, n] of counts) {
    if (h === '') problems.push({ line: 1, message: n === 1 ? 'A column has no name in the header.' : `${n} columns have no name in the header.` });
    else if (n > 1) problems.push({ line: 1, column: h, message: `The column "${h}" appears ${n === 2 ? 'twice' : `${n} times`}.` });
  }
  const rows: CsvRow[] = [];
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== header.length) {
      problems.push({ line: rec.line, message: `Expected ${header.length} fields, found ${rec.fields.length}.` });
      continue;
    }
    const values = Object.create(null) as Record<string, string>;
    header.forEach((h, i) => (values[h] = rec.fields[i].trim()));
    rows.push({ line: rec.line, values });
  }
  return { header, rows, problems };
}

export function requireColumns(table: CsvTable, columns: string[], problems: Problem[]): boolean {
  const missing = columns.filter((c) => !table.header.includes(c));
  for (const c of missing) problems.push({ line: 1, column: c, message: `The header needs a "${c}" column.` });
  return missing.length === 0;
}
