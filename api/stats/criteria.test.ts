import { describe, expect, it } from 'vitest';
import { analyseRound } from './analyse-round';
import { contentValidityOf } from './content-validity';
import { criteriaPresetProtocol } from './presets';
import { defaultProtocol, validateProtocol, type Protocol } from './protocol';
import type { Answer, CriterionInput, RoundAnalysisInput } from './round-input';
import { checkRule, type CriterionSpec } from './rules/check';
import { describeRule } from './rules/describe-rule';

const NINE = { min: 1, max: 9 };
const FOUR = { min: 1, max: 4 };
const IMPORTANCE: CriterionInput = { code: 'importance', scale: NINE, bands: { agree: [7, 9], disagree: [1, 3] }, relevant: null };
const FEASIBILITY: CriterionInput = { code: 'feasibility', scale: NINE, bands: { agree: [7, 9], disagree: [1, 3] }, relevant: null };
const RELEVANCE: CriterionInput = { code: 'relevance', scale: FOUR, bands: { agree: [3, 4], disagree: [1, 2] }, relevant: [3, 4] };
const SPECS: CriterionSpec[] = [
  { code: 'importance', scale: NINE, relevance: false },
  { code: 'feasibility', scale: NINE, relevance: false },
];

function rated(criterion: string, values: (number | null)[], groups: string[] = []): Answer[] {
  return values.map((value, i): Answer => ({ panelist: `p${i}`, value, criterion, groups: groups[i] ? { sector: groups[i] } : {} }));
}

function protocolWith(rules: Protocol['rules'], stability = 'round >= 2 AND all_criteria(change_pct < 15)'): Protocol {
  return { ...defaultProtocol(NINE), rules, stability: { when: stability } };
}

function input(answers: Answer[], protocol: Protocol, criteria = [IMPORTANCE, FEASIBILITY], extra: Partial<RoundAnalysisInput> = {}): RoundAnalysisInput {
  const n = new Set(answers.map((a) => a.panelist)).size;
  return { round: 1, scale: NINE, protocol, dimensions: [], criteria, items: [{ itemId: 'A', versionId: 'A1', nPresented: n, answers }], ...extra };
}

const HIGH = [8, 9, 7, 8, 9, 8, 7, 9, 8, 8];
const MIXED = [2, 5, 7, 8, 3, 6, 9, 4, 5, 6];

describe('analyseRound with several criteria (consensus-methods.md §15.1)', () => {
  it('reads each criterion by name and gives one verdict per item', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'importance.pct_agree >= 70 AND feasibility.median >= 7' }]);
    const both = analyseRound(input([...rated('importance', HIGH), ...rated('feasibility', HIGH)], protocol)).items[0];
    expect(both.outcome).toBe('consensus_in');
    expect(both.metricsUsed).toMatchObject({ 'importance.pct_agree': 100, 'feasibility.median': 8, 'importance.n_valid': 10, 'feasibility.n_valid': 10 });
    const oneFails = analyseRound(input([...rated('importance', HIGH), ...rated('feasibility', MIXED)], protocol)).items[0];
    expect(oneFails.outcome).toBe('no_consensus');
    expect(oneFails.criteria?.map((c) => [c.criterion, c.stats.median])).toEqual([
      ['importance', 8],
      ['feasibility', 5.5],
    ]);
    expect(oneFails.stats.median).toBe(8);
  });

  it('all_criteria holds only when the condition holds on every criterion', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'all_criteria(pct_range(7,9) >= 70)' }]);
    expect(analyseRound(input([...rated('importance', HIGH), ...rated('feasibility', HIGH)], protocol)).items[0].outcome).toBe('consensus_in');
    expect(analyseRound(input([...rated('importance', HIGH), ...rated('feasibility', MIXED)], protocol)).items[0].outcome).toBe('no_consensus');
  });

  it('applies the minimum-data guard to each criterion', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'importance.pct_agree >= 70' }]);
    const result = analyseRound(
      input([...rated('importance', HIGH), ...rated('feasibility', [8, 8, null, null, null, null, null, null, null, null])], protocol),
    ).items[0];
    expect(result.outcome).toBe('insufficient_data');
    expect(result.guard?.detail).toMatch(/^feasibility: 2 valid ratings/);
  });

  it('evaluates the stability rule across criteria against the previous round', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'importance.pct_agree >= 70' }]);
    const answers = [...rated('importance', HIGH), ...rated('feasibility', HIGH)];
    const round2: RoundAnalysisInput = {
      ...input(answers, protocol),
      round: 2,
      items: [{ itemId: 'A', versionId: 'A1', nPresented: 10, answers, previous: { round: 1, versionId: 'A1', answers } }],
    };
    expect(analyseRound(round2).items[0].stable).toBe(true);
    const changed = [...rated('importance', HIGH), ...rated('feasibility', MIXED)];
    round2.items[0].previous = { round: 1, versionId: 'A1', answers: changed };
    expect(analyseRound(round2).items[0].stable).toBe(false);
  });

  it('refuses an answer on a criterion the round does not ask', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'importance.pct_agree >= 70' }]);
    expect(() => analyseRound(input([...rated('importance', HIGH), ...rated('clarity', HIGH)], protocol))).toThrow(/unknown criterion clarity/);
  });

  it('gives each group one verdict over every criterion', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'importance.pct_agree >= 70 AND feasibility.pct_agree >= 70' }]);
    const sectors = ['h', 'h', 'h', 'h', 'h', 's', 's', 's', 's', 's'];
    const feas = [8, 8, 8, 9, 9, 2, 3, 2, 1, 2];
    const analysis = analyseRound({
      ...input([...rated('importance', HIGH, sectors), ...rated('feasibility', feas, sectors)], protocol),
      dimensions: ['sector'],
    });
    const perGroup = analysis.items[0].groups.sector.perGroup.map((g) => [g.group, g.outcome]);
    expect(perGroup).toEqual([
      ['h', 'consensus_in'],
      ['s', 'no_consensus'],
    ]);
  });
});

describe('content validity in the engine (consensus-methods.md §15.2)', () => {
  const relevance = [4, 4, 3, 4, 2, 4, 3, 4, 4, 1];

  it('gives I-CVI, Pc and κ* per item, the rule identifiers icvi and kappa_star, and S-CVI per category', () => {
    const protocol = { ...defaultProtocol(FOUR), rules: [{ outcome: 'consensus_in', when: 'relevance.icvi >= 0.78 AND relevance.kappa_star > 0.74' }] };
    const analysis = analyseRound({
      round: 1,
      scale: FOUR,
      protocol,
      dimensions: [],
      criteria: [RELEVANCE],
      items: [
        { itemId: 'A', versionId: 'A1', nPresented: 10, category: 'power', answers: rated('relevance', relevance) },
        { itemId: 'B', versionId: 'B1', nPresented: 10, category: 'power', answers: rated('relevance', [4, 4, 4, 4, 4, 3, 3, 3, 3, 3]) },
        { itemId: 'C', versionId: 'C1', nPresented: 10, category: 'trust', answers: rated('relevance', [1, 2, 1, 2, 3, 4, 1, 2, 2, 2]) },
      ],
    });
    const [a, b, c] = analysis.items;
    expect(a.criteria?.[0].contentValidity).toEqual(contentValidityOf(relevance, [3, 4]));
    // 8 of 10 relevant: I-CVI 0.8, Pc = C(10,8)/1024 = 45/1024, κ* = (0.8 − 45/1024)/(1 − 45/1024) = 774.2/979.
    expect(a.criteria?.[0].contentValidity).toMatchObject({ n: 10, nRelevant: 8, icvi: 0.8, evaluation: 'excellent' });
    expect(a.criteria?.[0].contentValidity?.pc).toBeCloseTo(45 / 1024, 15);
    expect(a.criteria?.[0].contentValidity?.kappa).toBeCloseTo(774.2 / 979, 15);
    expect(a.outcome).toBe('consensus_in');
    expect(b.outcome).toBe('consensus_in');
    expect(c.outcome).toBe('no_consensus');
    expect(analysis.contentValidity).toEqual([
      {
        criterion: 'relevance',
        overall: { nItems: 3, nUniversal: 1, ave: (0.8 + 1 + 0.2) / 3, ua: 1 / 3 },
        byCategory: { power: { nItems: 2, nUniversal: 1, ave: 0.9, ua: 0.5 }, trust: { nItems: 1, nUniversal: 0, ave: 0.2, ua: 0 } },
      },
    ]);
  });

  it('leaves the result shape of an unnamed single criterion as it was', () => {
    const analysis = analyseRound({
      round: 1,
      scale: NINE,
      protocol: defaultProtocol(NINE),
      dimensions: [],
      items: [{ itemId: 'A', versionId: 'A1', nPresented: 10, answers: rated('x', HIGH).map(({ criterion: _, ...a }) => a) }],
    });
    expect(analysis.items[0]).not.toHaveProperty('criteria');
    expect(analysis).not.toHaveProperty('contentValidity');
    expect(analysis.settings).not.toHaveProperty('criteria');
  });
});

describe('rule checks with criteria', () => {
  const check = (when: string, criteria: readonly CriterionSpec[] = SPECS) => {
    const r = checkRule(when, { role: 'outcome', scale: NINE, criteria });
    return r.ok ? [] : r.problems.map((p) => p.message);
  };

  it.each([
    ['importance.pct_agree >= 70 AND feasibility.median >= 7'],
    ['all_criteria(pct_agree >= 70 AND iqr <= 2)'],
    ['round >= 2 AND all_criteria(change_pct < 15)'],
    ['all_groups(importance.pct_agree >= 70)'],
    ['importance.pct_range(7, 9) >= 70'],
  ])('accepts %j', (when) => {
    expect(check(when)).toEqual([]);
  });

  it.each([
    [
      'pct_agree >= 70',
      "'pct_agree' needs a criterion in a study with several: write importance.pct_agree or all_criteria(…) (criteria: importance, feasibility)",
    ],
    ['pct_range(7, 9) >= 70', "'pct_range' needs a criterion"],
    ['clarity.median >= 7', "unknown criterion 'clarity' (known: importance, feasibility) at column 1"],
    ['importance.round >= 2', "'round' belongs to the item, not to a criterion"],
    ['all_criteria(importance.median >= 7)', 'cannot be used inside all_criteria'],
    ['all_criteria(all_criteria(median >= 7))', "'all_criteria' cannot be used inside another criterion function"],
    ['importance.icvi >= 0.78', "'icvi' is defined only on a relevance criterion"],
    ['importance.pct_range(0, 9) >= 70', '0 is not a point of the 1-9 scale'],
  ])('rejects %j', (when, message) => {
    expect(check(when).join(' | ')).toContain(message);
  });

  it('lets a one-criterion study leave the criterion out or name it', () => {
    const one = [{ code: 'relevance', scale: FOUR, relevance: true }];
    expect(check('icvi >= 0.78', one)).toEqual([]);
    expect(check('relevance.kappa_star > 0.74', one)).toEqual([]);
    expect(check('icvi >= 0.78', [])).toEqual(["'icvi' is defined only on a relevance criterion at column 1"]);
  });

  it('names the rule path when a protocol reads an unknown criterion', () => {
    const protocol = protocolWith([{ outcome: 'consensus_in', when: 'clarity.median >= 7' }]);
    expect(validateProtocol(protocol, NINE, [], SPECS)).toEqual({
      ok: false,
      problems: [{ path: 'rules[0].when', message: "unknown criterion 'clarity' (known: importance, feasibility) at column 1" }],
    });
  });

  it('describes qualified metrics and all_criteria in plain English', () => {
    const bands = { importance: { agree: [7, 9] as const, disagree: [1, 3] as const } };
    expect(describeRule('importance.pct_agree >= 70 AND feasibility.median >= 7', undefined, bands)).toBe(
      'at least 70% rate 7-9 for importance and the median for feasibility is at least 7',
    );
    expect(describeRule('all_criteria(pct_range(7,9) >= 70)')).toBe('at least 70% rate 7-9 for every criterion');
    expect(describeRule('relevance.icvi >= 0.78')).toBe('the I-CVI for relevance is at least 0.78');
  });
});

describe('criteria presets', () => {
  it('"importance and feasibility, GRADE 7-9 on both" and "content validity: I-CVI >= 0.78" validate and decide', () => {
    const grade = criteriaPresetProtocol('grade_70_15_all', NINE, SPECS);
    expect(validateProtocol(grade, NINE, [], SPECS)).toEqual({ ok: true });
    expect(analyseRound(input([...rated('importance', HIGH), ...rated('feasibility', HIGH)], grade)).items[0].outcome).toBe('consensus_in');
    const specs = [{ code: 'relevance', scale: FOUR, relevance: true }];
    const cvi = criteriaPresetProtocol('cvi_078', FOUR, specs);
    expect(cvi.rules).toEqual([{ outcome: 'consensus_in', when: 'relevance.icvi >= 0.78' }]);
    expect(validateProtocol(cvi, FOUR, [], specs)).toEqual({ ok: true });
    const fallback = criteriaPresetProtocol('criteria_default', NINE, SPECS);
    expect(validateProtocol(fallback, NINE, [], SPECS)).toEqual({ ok: true });
  });

  it('refuses a preset the criteria do not fit', () => {
    expect(() => criteriaPresetProtocol('cvi_078', NINE, SPECS)).toThrow(/needs a relevance criterion/);
    expect(() => criteriaPresetProtocol('grade_70_15_all', FOUR, [{ code: 'relevance', scale: FOUR, relevance: true }])).toThrow(/1-9/);
  });
});
