import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ASYMMETRY_LABELS, referenceResults } from '../../../test/helpers/relations-reference';
import type { RelationsBlockReport } from '../document/sections/relations';
import { addRelationSheets, relationCellRows, relationMatrixRows, renderRelationsCsv } from './relations-export';
import { XlsxWriter } from './xlsx-writer';

const LABELS = { ...ASYMMETRY_LABELS, CI: '=HYPERLINK("x")' };
const { round1: result } = referenceResults(LABELS);
const block: RelationsBlockReport = {
  round: 1,
  position: 2,
  title: 'Round 1',
  elements: Object.entries(LABELS).map(([code, label]) => ({ code, label })),
  result,
  threshold: null,
};

describe('relations in the spreadsheets', () => {
  it('has one statistics row per asked pair, and Z and T for the panel and each group without the diagonal', () => {
    expect(relationCellRows([block])).toHaveLength(20);
    const matrices = relationMatrixRows([block]);
    expect(matrices).toHaveLength(3 * 2 * 20);
    if (!result.map.ok) throw new Error('no map');
    const panelAbove = matrices.filter((r) => r[2] === '' && r[4] === 'total' && r[8] === true).map((r) => `${String(r[5])}>${String(r[6])}`);
    expect(panelAbove).toEqual(result.map.edges.map((e) => `${e.from}>${e.to}`));
  });

  it('marks the relations above a threshold the facilitator set after the close', () => {
    const rows = relationMatrixRows([{ ...block, threshold: 10 }]);
    expect(rows.some((r) => r[8] === true)).toBe(false);
  });

  it('writes a long CSV whose texts cannot run as formulas and whose numbers are finite', () => {
    const csv = renderRelationsCsv([block]);
    expect(csv.startsWith('\ufeffround,block,dimension,group,table,from,to,measure,value\r\n')).toBe(true);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).not.toMatch(/NaN|Infinity/);
    expect(csv).toMatch(/^1,2,,,relation,PD,CI,median,\d/m);
    expect(csv).toMatch(/^1,2,role_level,strategic,element,PD,,relation,\d/m);
    expect(csv).toMatch(/^1,2,,,total,CI,IA,t,0\.\d+/m);
  });

  it('adds three sheets to the workbook that a spreadsheet program reads back', async () => {
    const wb = new XlsxWriter({ title: 'T', creator: 'test', createdIso: '2026-12-06T09:00:00.000Z' });
    await addRelationSheets(wb, [block]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await wb.finish()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Relations', 'Relation elements', 'Relation matrices']);
    const elements = book.getWorksheet('Relation elements')!;
    expect(elements.getRow(1).values).toContain('prominence');
    expect(elements.rowCount).toBe(1 + 3 * 5);
  });
});
