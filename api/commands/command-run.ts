/**
 * What the file commands (stats, concordance, relations) share: option parsing, reading the input
 * file, and turning failures into exit codes (0 ok, 1 bad data, 2 usage).
 */
import { parseArgs } from 'node:util';
import type { CommandIO } from './command-io';
import { CsvProblems } from './rating-csv';
import { errorMessage } from '../error-message';

/** A usage problem: exit code 2 with the message and the command's usage text. */
export class UsageError extends Error {}

/** Runs a command body: UsageError → 2 with usage, CsvProblems → 1 with every problem, otherwise 0. */
export async function run(io: CommandIO, usage: string, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n\n${usage}\n`);
      return 2;
    }
    if (e instanceof CsvProblems) {
      io.stderr(`${e.problems.join('\n')}\n`);
      return 1;
    }
    throw e;
  }
}

/** Strict option parsing with --json and --help added; an unknown option is a UsageError. */
export function parse<T extends Record<string, { type: 'string' }>>(args: string[], options: T) {
  const config = {
    args,
    allowPositionals: true as const,
    strict: true as const,
    options: { ...options, json: { type: 'boolean' as const }, help: { type: 'boolean' as const, short: 'h' } },
  };
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

/** The single FILE argument. */
export function onlyFile(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'FILE is required' : `one FILE expected, got ${positionals.length}`);
  return positionals[0];
}

/** The file's text; an unreadable file is bad data (exit 1), not a crash. */
export async function readInput(io: CommandIO, file: string): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (e) {
    throw new CsvProblems([`cannot read ${file}: ${errorMessage(e)}`]);
  }
}

/** Left-aligned text columns, right-aligned numbers, two spaces apart. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = head.map((_, c) => rows.length > 0 && rows.every((r) => /^[-\d.%() /]+$/.test(r[c]) && r[c] !== '-'));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/** A number with fixed decimals, or '-' for null; a value that rounds to zero never shows as -0. */
export function num(x: number | null | undefined, digits: number): string {
  if (x === null || x === undefined) return '-';
  const text = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
