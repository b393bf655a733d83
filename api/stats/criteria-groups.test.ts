import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRound } from './analyse-round';
import { defaultProtocol } from './protocol';
import type { Answer, CriterionInput, RoundAnalysisInput } from './round-input';
import type { Membership } from './disclosure';
import type { GroupComparison, ItemRoundResult } from './round-result';
import { shownHeadlines, suppressSmallGroups } from './suppression';

interface Expected {
  test: 'mann-whitney' | 'kruskal-wallis';
  u?: Record<string, number>;
  h?: number;
  p: number;
  pAdjusted: number;
}
interface Reference {
  panelists: Membership[];
  ratings: Record<string, Record<string, number[]>>;
  expected: Record<string, Record<string, Record<string, Expected>>>;
}
const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/stats-reference/criteria-groups.json', import.meta.url), 'utf8')) as Reference;

const NINE = { min: 1, max: 9 };
const bands = { agree: [7, 9] as [number, number], disagree: [1, 3] as [number, number] };
const CRITERIA: CriterionInput[] = [
  { code: 'importance', scale: NINE, bands, relevant: null },
  { code: 'feasibility', scale: NINE, bands, relevant: null },
];
const protocol = {
  ...defaultProtocol(NINE),
  rules: [{ outcome: 'consensus_in', when: 'all_criteria(pct_agree >= 70)' }],
  stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
};

function roundInput(skip: (criterion: string, panelist: number) => boolean = () => false): RoundAnalysisInput {
  return {
    round: 1,
    scale: NINE,
    protocol,
    dimensions: ['role', 'sector'],
    criteria: CRITERIA,
    items: Object.entries(reference.ratings).map(([item, byCriterion]) => ({
      itemId: item,
      versionId: `${item}1`,
      nPresented: 10,
      answers: Object.entries(byCriterion).flatMap(([criterion, values]) =>
        values.flatMap((value, i): Answer[] => (skip(criterion, i) ? [] : [{ panelist: `p${i}`, value, criterion, groups: reference.panelists[i] }])),
      ),
    })),
  };
}

function comparisonOn(item: ItemRoundResult, criterion: string, dimension: string): GroupComparison {
  const found = item.criteria?.find((c) => c.criterion === criterion)?.groups?.[dimension];
  if (!found) throw new Error(`no ${dimension} comparison on ${criterion}`);
  return found;
}

describe('subgroup comparisons per criterion (consensus-methods.md §15.1, §8), pinned against scipy', () => {
  const analysis = analyseRound(roundInput());

  it('tests each criterion’s own ratings per dimension, with p adjusted across the items of that criterion', () => {
    for (const item of analysis.items) {
      for (const [criterion, byDimension] of Object.entries(reference.expected)) {
        for (const [dimension, byItem] of Object.entries(byDimension)) {
          const want = byItem[item.itemId];
          const got = comparisonOn(item, criterion, dimension);
          expect(got.test).toBe(want.test);
          if (want.test === 'mann-whitney') expect(got.statistic).toBeCloseTo(want.u![got.compared[0]], 10);
          else expect(got.statistic).toBeCloseTo(want.h!, 10);
          expect(got.p).toBeCloseTo(want.p, 10);
          expect(got.pAdjusted).toBeCloseTo(want.pAdjusted, 10);
        }
      }
    }
  });

  it('finds the roles differ on feasibility though they rate importance alike', () => {
    const item = analysis.items[0];
    expect(item.criteria?.find((c) => c.criterion === 'importance')?.asymmetry?.role.differs).toBe(false);
    expect(item.criteria?.find((c) => c.criterion === 'feasibility')?.asymmetry?.role.differs).toBe(true);
    expect(analysis.headlines.filter((h) => h.criterion === 'feasibility' && h.dimension === 'role').map((h) => h.itemId)).toEqual(['A', 'B']);
    expect(analysis.criterionFamilies?.feasibility.role).toMatchObject({ m: 2, nSignificantAdjusted: 2 });
  });

  it('keeps the item’s own groups as the first criterion’s, so one-criterion readers see what they saw before', () => {
    const item = analysis.items[0];
    expect(item.groups).toEqual(item.criteria?.[0].groups);
    expect(item.asymmetry).toEqual(item.criteria?.[0].asymmetry);
    expect(analysis.families.role.m).toBe(2);
  });

  it('adds nothing per criterion to a study with one named criterion', () => {
    const one = analyseRound({
      ...roundInput(),
      criteria: [CRITERIA[0]],
      items: roundInput().items.map((i) => ({ ...i, answers: i.answers.filter((a) => a.criterion === 'importance') })),
    });
    expect(one.items[0].criteria?.[0].groups).toBeUndefined();
    expect(one.criterionFamilies).toBeUndefined();
  });
});

describe('small groups per criterion', () => {
  const members = (input: RoundAnalysisInput, criterion: string) => input.items[0].answers.filter((a) => a.criterion === criterion).map((a) => a.groups);
  const others = (input: RoundAnalysisInput) => new Map([['feasibility', members(input, 'feasibility')]]);

  it('hides a group on every criterion when it falls below k on one of them', () => {
    // Two operational panelists skip feasibility: 3 operational answers there, 5 on importance.
    const input = roundInput((criterion, i) => criterion === 'feasibility' && (i === 5 || i === 6));
    const item = analyseRound(input).items[0];
    const shown = suppressSmallGroups(item, 4, members(input, 'importance'), others(input));
    for (const c of shown.criteria ?? []) {
      expect(c.groups?.role.perGroup.find((g) => g.group === 'operational')).toMatchObject({ suppressed: true, stats: null, nValid: null });
      expect(c.groups?.role.p).toBeNull();
    }
    expect(shown.groups.role.perGroup.find((g) => g.group === 'operational')?.suppressed).toBe(true);
    expect(shownHeadlines([shown]).filter((h) => h.dimension === 'role')).toEqual([]);
  });

  it('shows both criteria’s groups when every group reaches k on each', () => {
    const input = roundInput();
    const shown = suppressSmallGroups(analyseRound(input).items[0], 4, members(input, 'importance'), others(input));
    expect(shown.criteria?.[1].groups?.role.perGroup.every((g) => !g.suppressed)).toBe(true);
    expect(shown.criteria?.[1].groups?.role.p).toBeCloseTo(reference.expected.feasibility.role.A.p, 10);
  });

  it('hides every group when a criterion’s membership does not match its counts', () => {
    const input = roundInput();
    const shown = suppressSmallGroups(analyseRound(input).items[0], 3, members(input, 'importance'), new Map([['feasibility', []]]));
    expect(shown.criteria?.[1].groups?.role.perGroup.every((g) => g.suppressed)).toBe(true);
  });
});
