import type { Problem } from '../api-client';

export interface AnnotatedLine {
  line: number;
  text: string;
  problems: Problem[];
}

/**
 * Splits the CSV into physical lines (1-based, as the server counts them) and attaches each
 * problem to its line. Problems without a line (or past the end) go on line 1, the header.
 */
export function annotateCsv(csv: string, problems: Problem[]): AnnotatedLine[] {
  const lines = csv.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const out = lines.map((text, i) => ({ line: i + 1, text, problems: [] as Problem[] }));
  for (const p of problems) {
    const at = p.line && p.line >= 1 && p.line <= out.length ? p.line : 1;
    out[at - 1]?.problems.push(p);
  }
  return out;
}
