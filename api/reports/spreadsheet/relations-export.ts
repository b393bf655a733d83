/**
 * Relations blocks (§17) in the spreadsheets: per-relation statistics, each group's element figures
 * (D, R, prominence, relation) and the matrices Z and T, as XLSX sheets and as one long CSV
 * (one value per row) that another tool can pivot. Only frozen aggregates: no answer per person.
 */
import type { MapResult, RelationsResult } from '../../contract/relations';
import type { RelationsBlockReport } from '../document/sections/relations';
import { edgesAbove } from '../document/influence-map-svg';
import { csvRecords, safe } from './csv-export';
import { SPREAD_HEADER, spreadValues } from './columns';
import type { XlsxWriter } from './xlsx-writer';

type Value = string | number | boolean | null;

export const RELATION_CELL_HEADER = [
  'round',
  'block',
  'from',
  'to',
  'n_valid',
  'n_cannot_judge',
  ...SPREAD_HEADER,
  'mean',
  'sd',
  'n_strong',
  'pct_strong',
  'outcome',
  'change_pct',
  'stable',
];
export const RELATION_ELEMENT_HEADER = ['round', 'block', 'dimension', 'group', 'element', 'label', 'd', 'r', 'prominence', 'relation', 'side', 'sides_differ'];
export const RELATION_MATRIX_HEADER = ['round', 'block', 'dimension', 'group', 'matrix', 'from', 'to', 'value', 'above_threshold'];
export const RELATION_LONG_HEADER = ['round', 'block', 'dimension', 'group', 'table', 'from', 'to', 'measure', 'value'];

/** The panel, then each group: dimension and group are '' for the panel. */
function scopes(result: RelationsResult): { dimension: string; group: string; map: MapResult }[] {
  return [{ dimension: '', group: '', map: result.map }, ...result.groups.map((g) => ({ dimension: g.dimension, group: g.group, map: g.map }))];
}

/** The edges for the threshold the report records: one set after the close, else the frozen one. */
function above(b: RelationsBlockReport, map: Extract<MapResult, { ok: true }>): Set<string> {
  const edges = b.threshold === null ? map.edges : edgesAbove(b.result.elements, map.total, b.threshold);
  return new Set(edges.map((e) => `${e.from}>${e.to}`));
}

export function relationCellRows(blocks: readonly RelationsBlockReport[]): Value[][] {
  return blocks.flatMap((b) =>
    b.result.cells.map((c) => [
      b.round,
      b.position,
      c.from,
      c.to,
      c.stats.nValid,
      c.stats.nNoOpinion,
      ...spreadValues(c.stats),
      c.stats.mean,
      c.stats.sd,
      c.stats.agree.k,
      c.stats.agree.pct === null ? null : c.stats.agree.pct / 100,
      c.outcome,
      c.stability?.changePct ?? null,
      c.stability?.stable ?? null,
    ]),
  );
}

export function relationElementRows(blocks: readonly RelationsBlockReport[]): Value[][] {
  return blocks.flatMap((b) => {
    const label = new Map(b.elements.map((e) => [e.code, e.label]));
    return scopes(b.result).flatMap(({ dimension, group, map }): Value[][] =>
      map.ok
        ? b.result.elements.map((code, i): Value[] => [
            b.round,
            b.position,
            dimension,
            group,
            code,
            label.get(code) ?? code,
            map.d[i],
            map.r[i],
            map.prominence[i],
            map.relation[i],
            map.relation[i] > 1e-12 ? 'cause' : map.relation[i] < -1e-12 ? 'effect' : 'neither',
            dimension !== '' && b.result.sideDifferences.some((s) => s.dimension === dimension && s.element === code),
          ])
        : [[b.round, b.position, dimension, group, null, null, null, null, null, null, `no map: ${map.message}`, null]],
    );
  });
}

export function relationMatrixRows(blocks: readonly RelationsBlockReport[]): Value[][] {
  return blocks.flatMap((b) =>
    scopes(b.result).flatMap(({ dimension, group, map }) => {
      if (!map.ok) return [];
      const edges = above(b, map);
      const codes = b.result.elements;
      return (['direct', 'total'] as const).flatMap((matrix) =>
        (matrix === 'direct' ? map.direct : map.total).flatMap((row, i) =>
          row.flatMap((value, j) =>
            i === j ? [] : [[b.round, b.position, dimension, group, matrix, codes[i], codes[j], value, edges.has(`${codes[i]}>${codes[j]}`)]],
          ),
        ),
      );
    }),
  );
}

/** Everything above as one value per row: table relation (per-relation statistics), element, direct, total. */
export function relationLongRows(blocks: readonly RelationsBlockReport[]): Value[][] {
  const rows: Value[][] = [];
  const cellMeasures = RELATION_CELL_HEADER.slice(4);
  for (const row of relationCellRows(blocks)) {
    const [round, block, from, to] = row;
    cellMeasures.forEach((measure, k) => rows.push([round, block, '', '', 'relation', from, to, measure, row[4 + k]]));
  }
  const elementMeasures = RELATION_ELEMENT_HEADER.slice(5);
  for (const row of relationElementRows(blocks)) {
    const [round, block, dimension, group, element] = row;
    elementMeasures.forEach((measure, k) => rows.push([round, block, dimension, group, 'element', element, null, measure, row[5 + k]]));
  }
  for (const [round, block, dimension, group, matrix, from, to, value, edge] of relationMatrixRows(blocks)) {
    rows.push([round, block, dimension, group, matrix, from, to, matrix === 'direct' ? 'z' : 't', value]);
    // The edge flag follows the threshold the report records, so the CSV draws the same graph.
    if (matrix === 'total') rows.push([round, block, dimension, group, matrix, from, to, 'above_threshold', edge ? 1 : 0]);
  }
  return rows;
}

/** The long rows as a CSV file (UTF-8 with a byte-order mark, text neutralised against formulas). */
export function renderRelationsCsv(blocks: readonly RelationsBlockReport[]): string {
  const record = csvRecords();
  return ['\ufeff', record(RELATION_LONG_HEADER), ...relationLongRows(blocks).map((r) => record(r))].join('');
}

/** Three sheets (Relations, Relation elements, Relation matrices) when the study has relations blocks. */
export async function addRelationSheets(wb: XlsxWriter, blocks: readonly RelationsBlockReport[]): Promise<void> {
  if (blocks.length === 0) return;
  const text = (rows: Value[][]) => rows.map((row) => row.map(safe));
  await wb.addSheet({
    name: 'Relations',
    header: RELATION_CELL_HEADER,
    rows: text(relationCellRows(blocks)),
    formats: { 6: 'decimal2', 7: 'decimal2', 8: 'decimal2', 9: 'decimal2', 10: 'decimal2', 11: 'decimal2', 13: 'percent', 15: 'decimal2' },
  });
  await wb.addSheet({ name: 'Relation elements', header: RELATION_ELEMENT_HEADER, rows: text(relationElementRows(blocks)) });
  await wb.addSheet({ name: 'Relation matrices', header: RELATION_MATRIX_HEADER, rows: text(relationMatrixRows(blocks)) });
}
