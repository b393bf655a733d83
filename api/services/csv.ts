import Papa from 'papaparse';
import type { Problem } from '../errors';

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
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') problems.push({ line: 1, message: 'A column has no name in the header.' });
    else if (seen.has(h)) problems.push({ line: 1, column: h, message: `The column "${h}" appears twice.` });
    seen.add(h);
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
