import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { analyseRelationsBlock, type RelationsAnalysisInput } from '../../services/blocks/relations-analysis';
import type { RelationsConfig } from '../../services/blocks/relations';
import type { RelationsBlockReport } from '../document/sections/relations';
import { addRelationSheets, relationCellRows, relationMatrixRows, renderRelationsCsv } from './relations-export';
import { XlsxWriter } from './xlsx-writer';

const reference = JSON.parse(readFileSync(new URL('../../../test/fixtures/stats-reference/relations-block.json', import.meta.url), 'utf8')) as {
  groups: Record<string, string>;
  rounds: { answers: RelationsAnalysisInput['answers'] }[];
};
const LABELS: Record<string, string> = {
  CI: '=HYPERLINK("x")',
  IA: 'Information asymmetry',
  OD: 'Organisational dissimilarity',
  PD: 'Power distance',
  RA: 'Role ambiguity',
};
const config: RelationsConfig = {
  elements: Object.entries(LABELS).map(([code, en]) => ({ code, label: { en } })),
  pairs: null,
  labels: { en: ['none', 'low', 'medium', 'high', 'very high'] },
  cannotJudge: true,
};
const groupsOfPanelist = new Map(Object.entries(reference.groups).map(([p, g]): [string, Record<string, string>] => [p, g === '' ? {} : { role_level: g }]));
const settings = { quantileMethod: 'hf7', noOpinionPolicy: 'exclude', minValidN: 3, maxNoOpinionShare: 0.5, minGroupSize: 1, threshold: null } as const;
const result = analyseRelationsBlock({ round: 1, config, answers: reference.rounds[0].answers, groupsOfPanelist, previous: null, settings });
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
