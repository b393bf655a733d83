import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InfluenceMap, MapResult, RelationsResult } from '../../contract/relations';
import { RelationsResultSchema } from '../../contract/relations';
import { analyseRelationsBlock, type RelationsAnalysisInput, type RelationsAnalysisSettings } from './relations-analysis';
import type { RelationsConfig } from '../../contract/blocks';
import { relationsBlock } from './relations';

/** The reference's figures of one map: those the influence map carries. */
type Figures = Pick<InfluenceMap, 'direct' | 'unrated' | 's' | 'total' | 'd' | 'r' | 'prominence' | 'relation' | 'threshold' | 'edges'>;
interface ReferenceCell {
  from: string;
  to: string;
  nValid: number;
  nNoOpinion: number;
  q1: number | null;
  median: number | null;
  q3: number | null;
  iqr: number | null;
  freq: number[];
  changePct?: number | null;
}
interface ReferenceRound {
  round: number;
  answers: RelationsAnalysisInput['answers'];
  panel: Figures;
  cells: ReferenceCell[];
  byGroup: Record<string, Figures>;
}

/** numpy values: test/fixtures/stats-reference/generate-relations-block.py. */
const fixture = new URL('../../../test/fixtures/stats-reference/relations-block.json', import.meta.url);
const reference = JSON.parse(readFileSync(fixture, 'utf8')) as {
  elements: string[];
  groups: Record<string, string>;
  rounds: ReferenceRound[];
  setThreshold: { threshold: number; panel: Figures };
};

const LABELS: Record<string, string> = {
  CI: 'Capacity imbalance',
  IA: 'Information asymmetry',
  OD: 'Organisational dissimilarity',
  PD: 'Power distance',
  RA: 'Role ambiguity',
};
// Listed out of order on purpose: every output sorts the codes.
const config: RelationsConfig = {
  elements: ['RA', 'PD', 'CI', 'OD', 'IA'].map((code) => ({ code, label: { en: LABELS[code] } })),
  pairs: null,
  labels: { en: ['none', 'low', 'medium', 'high', 'very high'] },
  cannotJudge: true,
};
const groupsOfPanelist = new Map(Object.entries(reference.groups).map(([p, g]): [string, Record<string, string>] => [p, g === '' ? {} : { role_level: g }]));
const settings: RelationsAnalysisSettings = {
  quantileMethod: 'hf7',
  noOpinionPolicy: 'exclude',
  minValidN: 3,
  maxNoOpinionShare: 0.5,
  threshold: null,
};

function analyse(round: ReferenceRound, previous: RelationsResult | null, overrides: Partial<RelationsAnalysisSettings> = {}): RelationsResult {
  return analyseRelationsBlock({
    round: round.round,
    config,
    answers: round.answers,
    groupsOfPanelist,
    dimensions: ['role_level'],
    previous,
    settings: { ...settings, ...overrides },
  });
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
function vector(actual: readonly number[], expected: readonly number[], label: string) {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((x, i) => expect(near(x, expected[i]), `${label}[${i}]: ${x} vs ${expected[i]}`).toBe(true));
}
function expectMap(actual: MapResult, e: Figures, label: string): InfluenceMap {
  if (!actual.ok) throw new Error(`${label}: no map: ${actual.message}`);
  actual.direct.forEach((row, i) => vector(row, e.direct[i], `${label}.direct[${i}]`));
  actual.total.forEach((row, i) => vector(row, e.total[i], `${label}.total[${i}]`));
  expect(actual.unrated, `${label}.unrated`).toEqual(e.unrated);
  vector([actual.s, actual.threshold], [e.s, e.threshold], `${label}.s/threshold`);
  vector(actual.d, e.d, `${label}.D`);
  vector(actual.r, e.r, `${label}.R`);
  vector(actual.prominence, e.prominence, `${label}.prominence`);
  vector(actual.relation, e.relation, `${label}.relation`);
  expect(actual.edges.map((x) => `${x.from}>${x.to}`)).toEqual(e.edges.map((x) => `${x.from}>${x.to}`));
  vector(
    actual.edges.map((x) => x.t),
    e.edges.map((x) => x.t),
    `${label}.edge t`,
  );
  return actual;
}

describe('a relations block analysed against numpy', () => {
  const [first, second] = reference.rounds;
  const round1 = analyse(first, null);
  const round2 = analyse(second, round1);

  it('pins the panel map (D, R, prominence, relation, threshold, edges) with an unrated pair in both rounds', () => {
    expect(round1.elements).toEqual(reference.elements);
    expectMap(round1.map, first.panel, 'round 1');
    expectMap(round2.map, second.panel, 'round 2');
    expect(round1.map.unrated).toEqual([{ from: 'OD', to: 'RA' }]);
  });

  it('pins each group map, including the one-panelist group, and flags power distance as cause for one and effect for the other', () => {
    expect(round1.groups.map((g) => [g.dimension, g.group, g.nPanelists])).toEqual([
      ['role_level', 'operational', 1],
      ['role_level', 'strategic', 3],
    ]);
    for (const g of round1.groups) expectMap(g.map, first.byGroup[g.group], g.group);
    expect(round1.sideDifferences.find((s) => s.element === 'PD')).toEqual({
      dimension: 'role_level',
      element: 'PD',
      causeIn: ['strategic'],
      effectIn: ['operational'],
    });
  });

  it('gives every asked pair its §3 statistics; the unrated pair is all "cannot judge" and insufficient', () => {
    expect(round1.cells).toHaveLength(20);
    round1.cells.forEach((c, i) => {
      const e = first.cells[i];
      expect([c.from, c.to]).toEqual([e.from, e.to]);
      expect([c.stats.nValid, c.stats.nNoOpinion, c.stats.q1, c.stats.median, c.stats.q3, c.stats.iqr]).toEqual([
        e.nValid,
        e.nNoOpinion,
        e.q1,
        e.median,
        e.q3,
        e.iqr,
      ]);
      expect(c.stats.freq.map((f) => f.count)).toEqual(e.freq);
    });
    const unrated = round1.cells.find((c) => c.from === 'OD' && c.to === 'RA');
    expect(unrated?.outcome).toBe('insufficient_data');
    expect(unrated?.guard?.reason).toBe('n_valid_below_min');
  });

  it('decides a relation by the relation rules: agreement on strong influence, on weak influence, or neither', () => {
    const outcome = (from: string, to: string) => round1.cells.find((c) => c.from === from && c.to === to);
    // Strategic staff (3 of 5) rate PD → others 3-4.
    const strong = round1.cells.filter((c) => c.outcome === 'consensus_in');
    for (const c of strong) expect((c.stats.median as number) >= 3 && (c.stats.iqr as number) <= 1).toBe(true);
    const weak = round1.cells.filter((c) => c.outcome === 'consensus_out');
    for (const c of weak) expect((c.stats.median as number) <= 1 && (c.stats.iqr as number) <= 1).toBe(true);
    expect(strong.length + weak.length).toBeGreaterThan(0);
    expect(outcome('CI', 'IA')?.stats.nSkipped).toBe(1);
    expect(round1.settings.rules.map((r) => r.when)).toEqual(['median >= 3 AND iqr <= 1', 'median <= 1 AND iqr <= 1']);
  });

  it('reports the Scheibe change of each relation between rounds and whether it is stable', () => {
    expect(round1.cells.every((c) => c.stability === null)).toBe(true);
    round2.cells.forEach((c, i) => {
      const expected = second.cells[i].changePct ?? null;
      if (expected === null) expect(c.stability?.changePct).toBeNull();
      else expect(near(c.stability?.changePct as number, expected), `${c.from}>${c.to}`).toBe(true);
    });
    const moved = round2.cells.find((c) => c.from === 'CI' && c.to === 'PD');
    expect(moved?.stability).toMatchObject({ previousRound: 1, changePct: 80, stable: false });
    expect(round2.cells.find((c) => c.from === 'PD' && c.to === 'CI')?.stability).toMatchObject({ changePct: 0, stable: true });
    expect(round2.change?.previousRound).toBe(1);
  });

  it('draws the edges above a threshold the facilitator set, and records it', () => {
    const set = analyse(first, null, { threshold: reference.setThreshold.threshold });
    const map = expectMap(set.map, reference.setThreshold.panel, 'set threshold');
    expect(map.thresholdSource).toBe('set');
    expect(set.settings.threshold).toBe(0.2);
  });

  it('produces a result the contract schema accepts, with no NaN or Infinity anywhere', () => {
    expect(() => RelationsResultSchema.parse(round2)).not.toThrow();
    const text = JSON.stringify(round2, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'NOT FINITE' : v));
    expect(text).not.toContain('NOT FINITE');
  });
});

describe('a relations block without a map', () => {
  const only = (value: number | null, cannotJudge = false) =>
    ['CI>IA', 'CI>PD', 'IA>CI', 'IA>PD', 'PD>CI', 'PD>IA'].map((subject) => ({ panelist: 'p1', subject, value, cannotJudge }));
  const small: RelationsConfig = { ...config, elements: config.elements.filter((e) => ['CI', 'IA', 'PD'].includes(e.code)) };
  const run = (answers: RelationsAnalysisInput['answers']) =>
    analyseRelationsBlock({ round: 1, config: small, answers, groupsOfPanelist: new Map(), dimensions: [], previous: null, settings });

  it('says nobody rated anything when every answer is "cannot judge"', () => {
    const result = run(only(null, true));
    expect(result.map).toMatchObject({ ok: false, reason: 'no_ratings', message: 'no result: no ratings' });
  });

  it('says the matrix cannot be normalised when every rating is 0', () => {
    expect(run(only(0)).map).toMatchObject({ ok: false, reason: 'no_influence' });
  });

  it('says I − N is singular when every pair got the same rating, and names the cause', () => {
    const result = run(only(3));
    expect(result.map.ok).toBe(false);
    if (!result.map.ok) {
      expect(result.map.reason).toBe('singular');
      expect(result.map.message).toContain('every row of Z sums to s = 6');
    }
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
    expect(() => RelationsResultSchema.parse(result)).not.toThrow();
  });
});

describe('a relations result as it may be shown', () => {
  const result = analyse(reference.rounds[0], null);

  it('blanks the groups the disclosure rule hides and the side flags that rest on them', () => {
    const shown = relationsBlock.disclose(result, { role_level: new Set(['operational']) }, false);
    expect(shown.groups.map((g) => [g.group, g.nPanelists, g.map.ok ? 'map' : g.map.reason])).toEqual([
      ['operational', null, 'suppressed'],
      ['strategic', 3, 'map'],
    ]);
    expect(shown.sideDifferences).toEqual([]);
    expect(JSON.stringify(shown.groups[0])).not.toContain('"direct":[[');
    expect(shown.map.ok).toBe(true);
  });

  it('withholds every figure from panelists when fewer than k answered, keeping only the count', () => {
    const shown = relationsBlock.disclose(result, {}, true);
    expect(shown).toMatchObject({ withheld: true, cells: [], change: null, nPanelists: 5, map: { ok: false, reason: 'suppressed' } });
    expect(shown.groups.every((g) => !g.map.ok)).toBe(true);
    expect(relationsBlock.respondents(shown)).toBe(5);
  });
});
