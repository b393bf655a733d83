import { describe, expect, it } from 'vitest';
import { attritionLines, contentValidityTables } from './content-validity';

const cvi = (n: number, icvi: number, kappa: number, evaluation: string) => ({ n, nRelevant: Math.round(n * icvi), icvi, pc: 0, kappa, evaluation });
const item = (itemId: number, code: string, relevance: ReturnType<typeof cvi> | null) => ({
  itemId,
  code,
  result: { criteria: [{ criterion: 'clarity', contentValidity: null }, ...(relevance ? [{ criterion: 'relevance', contentValidity: relevance }] : [])] },
});
const scvi = (ave: number, ua: number) => ({ nItems: 2, nUniversal: 1, ave, ua });

describe('contentValidityTables', () => {
  it('gives one table per relevance criterion, rows by category then code, with S-CVI per category in that order', () => {
    const results = {
      analysis: { contentValidity: [{ criterion: 'relevance', overall: scvi(0.9, 0.5), byCategory: { trust: scvi(1, 1), power: scvi(0.8, 0) } }] },
      items: [item(1, 'T2', cvi(6, 1, 1, 'excellent')), item(2, 'P1', cvi(6, 0.5, 0.27, 'poor')), item(3, 'T1', cvi(5, 1, 1, 'excellent')), item(4, 'X', null)],
    };
    const category = (id: number) => (id === 2 ? 'power' : 'trust');
    const [table] = contentValidityTables(results as never, category);
    expect(table.criterion).toBe('relevance');
    expect(table.rows.map((r) => [r.code, r.category, r.n, r.icvi, r.evaluation])).toEqual([
      ['P1', 'power', 6, 0.5, 'poor'],
      ['T1', 'trust', 5, 1, 'excellent'],
      ['T2', 'trust', 6, 1, 'excellent'],
    ]);
    expect(table.byCategory.map((c) => [c.category, c.scvi.ave])).toEqual([
      ['power', 0.8],
      ['trust', 1],
    ]);
    expect(table.overall).toEqual(scvi(0.9, 0.5));
  });

  it('has nothing to show for a round without relevance criteria', () => {
    expect(contentValidityTables({ analysis: null, items: [] }, () => null)).toEqual([]);
  });
});

describe('attritionLines', () => {
  it('reads one line per criterion from the analysis, and none on round 1', () => {
    const attrition = { fromRound: 1, criteria: [{ criterion: 'relevance', m: 4, nDiffering: 1, items: [] }] };
    expect(attritionLines({ analysis: { attrition } } as never)).toEqual([{ fromRound: 1, criterion: 'relevance', m: 4, nDiffering: 1 }]);
    expect(attritionLines({ analysis: { attrition: null } } as never)).toEqual([]);
  });

  it('says nothing about those who left when no statement could be compared', () => {
    const attrition = { fromRound: 2, criteria: [{ criterion: null, m: 0, nDiffering: 0, items: [] }] };
    expect(attritionLines({ analysis: { attrition } } as never)).toEqual([]);
  });
});
