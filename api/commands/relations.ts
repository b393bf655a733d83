/**
 * `relations FILE [--json]`: Delphi–DEMATEL on a CSV of influence ratings (consensus-methods.md
 * §17). The JSON shape is a pinned contract; the tables show the same and the flags beside it.
 */
import { analyseRelations, type DematelMap, type RelationsAnalysis } from '../stats';
import type { CommandIO } from './command-io';
import { num, onlyFile, parse, readInput, run, table } from './command-run';
import { CsvProblems } from './rating-csv';
import { readRelations } from './relations-csv';

const RELATIONS_USAGE = `Usage: npm run --silent cli -- relations FILE [--json]

FILE is a CSV with the header panelist,from,to,rating and an optional group column (any order):
how strongly element "from" directly influences element "to", 0 none, 1 low, 2 medium, 3 high,
4 very high; an empty rating or NA means "cannot judge" (left out). At least 3 elements.

Prints the direct matrix Z (mean valid ratings, rows from, columns to, 0 where nobody rated),
the total relation T = N(I - N)^-1 with N = Z/s, s = max(largest row sum, largest column sum),
prominence D+R and relation D-R per element (> 0 cause, < 0 effect), the threshold (mean of T),
the edges with t above it, and per group the prominence, relation and threshold.

  --json     one JSON object instead of tables

Exit codes: 0 ok, 1 bad data (including no ratings and a singular I - N), 2 usage.`;

/** The pinned JSON object. */
export interface RelationsJson {
  elements: string[];
  direct: number[][];
  total: number[][];
  prominence: Record<string, number>;
  relation: Record<string, number>;
  threshold: number;
  edges: { from: string; to: string; t: number }[];
  groups: Record<string, { prominence: Record<string, number>; relation: Record<string, number>; threshold: number }>;
}

/** `relations FILE [--json]`; returns the exit code. */
export async function relationsCommand(args: string[], io: CommandIO): Promise<number> {
  return run(io, RELATIONS_USAGE, async () => {
    const { values, positionals } = parse(args, {});
    if (values.help) return io.stdout(`${RELATIONS_USAGE}\n`);
    const file = onlyFile(positionals);
    const { elements, ratings } = readRelations(await readInput(io, file));
    const analysis = analyseRelations({ elements, ratings });
    const overall = analysis.overall;
    if (!overall.ok) throw new CsvProblems([overall.message]);
    const failed = Object.entries(analysis.groups).flatMap(([g, r]) => (r.ok ? [] : [`group ${g}: ${r.message}`]));
    if (failed.length > 0) throw new CsvProblems(failed);
    const groups = analysis.groups as Record<string, DematelMap>;
    const byElement = (xs: readonly number[]) => Object.fromEntries(elements.map((e, i) => [e, xs[i]]));
    const out: RelationsJson = {
      elements,
      direct: overall.direct,
      total: overall.total,
      prominence: byElement(overall.prominence),
      relation: byElement(overall.relation),
      threshold: overall.threshold,
      edges: overall.edges,
      groups: Object.fromEntries(
        Object.entries(groups).map(([g, r]) => [g, { prominence: byElement(r.prominence), relation: byElement(r.relation), threshold: r.threshold }]),
      ),
    };
    if (values.json) return io.stdout(`${JSON.stringify(out)}\n`);
    io.stdout(relationsTables(overall, groups, analysis, new Set(ratings.map((r) => r.panelist)).size));
  });
}

function relationsTables(map: DematelMap, groups: Record<string, DematelMap>, analysis: RelationsAnalysis, panelists: number): string {
  const { elements } = map;
  const matrix = (m: number[][]) =>
    table(
      ['from \\ to', ...elements],
      m.map((row, i) => [elements[i], ...row.map((x) => num(x, 3))]),
    );
  const side = (x: number) => (x > 1e-12 ? 'cause' : x < -1e-12 ? 'effect' : '-');
  const lines = [
    `DEMATEL for ${elements.length} elements rated by ${panelists} panelists`,
    'Direct influence Z (mean valid rating, 0 where nobody rated)',
    matrix(map.direct),
    `Total relation T = N(I - N)^-1, N = Z/${num(map.s, 3)}`,
    matrix(map.total),
    table(
      ['element', 'D', 'R', 'prominence D+R', 'relation D-R', 'side'],
      elements.map((e, i) => [e, num(map.d[i], 4), num(map.r[i], 4), num(map.prominence[i], 4), num(map.relation[i], 4), side(map.relation[i])]),
    ),
    `Threshold (mean of T): ${num(map.threshold, 4)}`,
    map.edges.length === 0
      ? 'No edge above the threshold.\n'
      : table(
          ['from', 'to', 't'],
          map.edges.map((e) => [e.from, e.to, num(e.t, 4)]),
        ),
  ];
  if (map.unrated.length > 0) lines.push(`Not rated by anyone (z = 0): ${map.unrated.map((p) => `${p.from} -> ${p.to}`).join(', ')}\n`);
  const names = Object.keys(groups);
  if (names.length > 0) {
    const rows = names.flatMap((g) =>
      elements.map((e, i) => [g, e, num(groups[g].prominence[i], 4), num(groups[g].relation[i], 4), side(groups[g].relation[i]), num(groups[g].threshold, 4)]),
    );
    lines.push(table(['group', 'element', 'prominence D+R', 'relation D-R', 'side', 'threshold'], rows));
    for (const d of analysis.sideDifferences) {
      lines.push(`Groups disagree on ${d.element}: a cause for ${d.causeIn.join(', ')}, an effect for ${d.effectIn.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
