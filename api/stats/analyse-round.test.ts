import { describe, expect, it } from 'vitest';
import { analyseRound } from './analyse-round';
import { holm } from './multiplicity';
import { presetProtocol } from './presets';
import { defaultProtocol, ProtocolError, type Protocol } from './protocol';
import type { Answer, ItemRoundInput, RoundAnalysisInput } from './round-input';

const FIVE = { min: 1, max: 5 };
const SEVEN = { min: 1, max: 7 };
const NINE = { min: 1, max: 9 };
const EXAMPLE_A = [4, 5, 4, 4, 3, 5, 4, 2, 4, 5];

function answers(values: (number | null)[], groups: (string | undefined)[] = [], prefix = 'p'): Answer[] {
  return values.map((value, i): Answer => ({ panelist: `${prefix}${i}`, value, groups: groups[i] === undefined ? {} : { sector: groups[i] } }));
}

function item(itemId: string, values: (number | null)[], extra: Partial<ItemRoundInput> = {}, groups: (string | undefined)[] = []): ItemRoundInput {
  return { itemId, versionId: `${itemId}-v1`, nPresented: values.length, answers: answers(values, groups), ...extra };
}

function round(items: ItemRoundInput[], protocol: Protocol, scale = FIVE, extra: Partial<RoundAnalysisInput> = {}): RoundAnalysisInput {
  return { round: 1, scale, protocol, dimensions: [], items, ...extra };
}

/** Every value is a finite number, string, boolean, null, array or plain object (JSON-safe). */
function expectJsonSafe(value: unknown, path = '$'): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
    return;
  }
  expect(value, `${path} is undefined`).not.toBeUndefined();
  expect(typeof value, path).toBe('object');
  for (const [k, v] of Object.entries(value as object)) expectJsonSafe(v, `${path}.${k}`);
}

describe('analyseRound: verdicts', () => {
  it('example A under pct75_iqr: consensus under hf7, not under hf6, so the sensitivity flag is raised', () => {
    const result = analyseRound(round([item('A', EXAMPLE_A)], presetProtocol('pct75_iqr', FIVE))).items[0];
    expect(result.outcome).toBe('consensus_in');
    expect(result.decidedBy).toBe('rule');
    expect(result.ruleIndex).toBe(0);
    expect(result.ruleText).toBe('pct_agree >= 75 AND iqr <= 1');
    expect(result.metricsUsed).toMatchObject({ pct_agree: 80, iqr: 0.75, n_valid: 10 });
    expect(result.quantileMethod).toBe('hf7');
    expect(result.sensitivity).toEqual({ otherMethod: 'hf6', otherOutcome: 'no_consensus', differs: true });
    expect(result.stats.agree).toEqual({ k: 8, n: 10, pct: 80 });
  });

  it('example A with a type 6 protocol: no consensus, and the other method would give it', () => {
    const protocol = { ...presetProtocol('pct75_iqr', FIVE), quantileMethod: 'hf6' as const };
    const result = analyseRound(round([item('A', EXAMPLE_A)], protocol)).items[0];
    expect(result.outcome).toBe('no_consensus');
    expect(result.decidedBy).toBe('default');
    expect(result.stats.iqr).toBe(1.25);
    expect(result.sensitivity).toEqual({ otherMethod: 'hf7', otherOutcome: 'consensus_in', differs: true });
  });

  it('example C: "cannot judge" counts only under count_in_denominator (77.8 % vs 63.6 %)', () => {
    const values = [6, 7, 5, 6, 7, 6, null, 4, 6, 7, null];
    const input = (policy: 'exclude' | 'count_in_denominator') =>
      round([item('C', values, { nPresented: 12 })], { ...presetProtocol('pct75', SEVEN), noOpinionPolicy: policy }, SEVEN);
    const excluded = analyseRound(input('exclude')).items[0];
    expect([excluded.stats.nValid, excluded.stats.nNoOpinion, excluded.stats.nSkipped]).toEqual([9, 2, 1]);
    expect(excluded.outcome).toBe('consensus_in');
    const counted = analyseRound(input('count_in_denominator')).items[0];
    expect(counted.stats.agree).toMatchObject({ k: 7, n: 11 });
    expect(counted.outcome).toBe('no_consensus');
    expect(counted.guard).toBeNull();
  });

  it.each([
    ['n = 0', [], 'n_valid_below_min'],
    ['n = 1', [4], 'n_valid_below_min'],
    ['too many "cannot judge" (6 of 11)', [4, 4, 4, 4, 4, null, null, null, null, null, null], 'no_opinion_share_above_max'],
  ])('guard: %s gives insufficient_data whatever the rules say', (_, values, reason) => {
    const result = analyseRound(round([item('B', values)], presetProtocol('pct75', FIVE))).items[0];
    expect(result.outcome).toBe('insufficient_data');
    expect(result.decidedBy).toBe('guard');
    expect(result.guard?.reason).toBe(reason);
    expect(result.guard?.detail).toMatch(/\d/);
  });

  it('guard: a no-opinion share of exactly 0.5 passes', () => {
    const result = analyseRound(round([item('B', [4, 4, 4, 4, 4, null, null, null, null, null])], presetProtocol('pct75', FIVE))).items[0];
    expect(result.guard).toBeNull();
    expect(result.outcome).toBe('consensus_in');
  });

  it('B2 all equal on the neutral point is not consensus (perfect agreement on neutral is not endorsement)', () => {
    const protocol = { ...presetProtocol('pct75_iqr', FIVE), minValidN: 4 };
    const result = analyseRound(round([item('B2', [3, 3, 3, 3])], protocol)).items[0];
    expect([result.stats.iqr, result.stats.sd, result.stats.cv, result.stats.agree.pct]).toEqual([0, 0, 0, 0]);
    expect(result.outcome).toBe('no_consensus');
  });

  it('ordered rules: the first true rule wins', () => {
    const protocol: Protocol = {
      ...defaultProtocol(FIVE),
      rules: [
        { outcome: 'strong', when: 'pct_agree >= 90' },
        { outcome: 'weak', when: 'pct_agree >= 50' },
        { outcome: 'any', when: 'pct_agree >= 0' },
      ],
    };
    const result = analyseRound(round([item('A', EXAMPLE_A)], protocol)).items[0];
    expect(result.outcome).toBe('weak');
    expect(result.ruleIndex).toBe(1);
    expect(result.evaluations.map((e) => e.value)).toEqual([false, true]);
  });

  it('a rule that evaluates to null gives insufficient_data, not the default or a later rule', () => {
    const protocol: Protocol = {
      ...defaultProtocol(FIVE),
      minValidN: 1,
      rules: [
        { outcome: 'tight', when: 'sd <= 1' },
        { outcome: 'always', when: 'n_valid >= 1' },
      ],
    };
    const result = analyseRound(round([item('one', [4])], protocol)).items[0];
    expect(result.outcome).toBe('insufficient_data');
    expect(result.decidedBy).toBe('undetermined');
    expect(result.ruleIndex).toBe(0);
    expect(result.metricsUsed.sd).toBeNull();
  });

  it('RAND/UCLA preset on RAM-1 and RAM-2: appropriate, and uncertain by disagreement', () => {
    const protocol = presetProtocol('rand_ipras', NINE);
    const ram1 = [4, 5, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9];
    const ram2 = [1, 2, 2, 3, 5, 7, 8, 8, 9];
    const [a, b] = analyseRound(round([item('RAM1', ram1), item('RAM2', ram2)], protocol, NINE)).items;
    expect(a.outcome).toBe('appropriate');
    expect(a.rand?.ipras).toBeCloseTo(6.1, 12);
    expect(b.outcome).toBe('uncertain');
    expect(b.rand?.disagreementIpras).toBe(true);
    expect(b.metricsUsed).toMatchObject({ median: 5, disagreement_ipras: true });
  });

  it('has no RAND block off the 1-9 scale', () => {
    expect(analyseRound(round([item('A', EXAMPLE_A)], defaultProtocol(FIVE))).items[0].rand).toBeNull();
  });
});

describe('analyseRound: stability and stopping', () => {
  const r1 = [5, 6, 7, 4, 8, 6, 3, 7];
  const r2 = [7, 7, 7, 6, 8, 5, 5, 8];
  const previous = { round: 1, versionId: 'S-v1', answers: answers(r1) };

  it('S-1 to S-3 from the previous round of the same version; stable by the protocol rule', () => {
    const protocol = {
      ...defaultProtocol(NINE),
      stability: { when: 'round >= 2 AND change_pct < 40' },
      stopItemWhen: "outcome != 'no_consensus' OR (stable AND round >= 3)",
    };
    const result = analyseRound(round([item('S', r2, { previous })], protocol, NINE, { round: 2 })).items[0];
    expect(result.stability?.wilcoxon).toMatchObject({ tPlus: 19, tMinus: 2 });
    expect(result.stability?.wilcoxon.p).toBeCloseTo(0.086276, 6);
    expect(result.stability?.mcnemar.pExact).toBeCloseTo(0.5, 12);
    expect(result.stability?.kappa.kappa).toBeCloseTo(0.351351, 6);
    expect(result.stability?.changePct).toBe(37.5);
    expect(result.stable).toBe(true);
    // round 2 < 3 and no consensus → do not stop yet
    expect(result.outcome).toBe('no_consensus');
    expect(result.stopItem).toBe(false);
  });

  it('round 1 has no stability block and is not stable', () => {
    const result = analyseRound(round([item('S', r1)], defaultProtocol(NINE), NINE)).items[0];
    expect(result.stability).toBeNull();
    expect(result.stable).toBe(false);
    expect(result.stopItem).toBeNull();
  });

  it('ignores a previous round of another version, and says so', () => {
    const result = analyseRound(round([item('S', r2, { previous: { ...previous, versionId: 'S-v0' } })], defaultProtocol(NINE), NINE, { round: 2 })).items[0];
    expect(result.stability).toBeNull();
    expect(result.flags).toContain('previous_version_mismatch');
  });
});

describe('analyseRound: subgroups and the asymmetry view', () => {
  const g1 = { values: [5, 4, 4, 5, 3, 4, 3, 2, 4, 3, 3, 2, 4], groups: [...Array(6).fill('health'), ...Array(7).fill('social_care')] };

  it('G-1: Mann-Whitney between two sectors, verdict per sector, split consensus', () => {
    const protocol = { ...presetProtocol('pct75', FIVE) };
    const result = analyseRound(round([item('G1', g1.values, {}, g1.groups)], protocol, FIVE, { dimensions: ['sector'] }));
    const comparison = result.items[0].groups.sector;
    expect(comparison.test).toBe('mann-whitney');
    expect(comparison.compared).toEqual(['health', 'social_care']);
    expect(comparison.statistic).toBe(35.5);
    expect(comparison.p).toBeCloseTo(0.036245, 6);
    expect(comparison.pAdjusted).toBeCloseTo(0.036245, 6);
    expect(comparison.effectSizes.rankBiserial).toBeCloseTo(0.69, 3);
    expect(comparison.perGroup.map((g) => [g.group, g.nValid, g.outcome])).toEqual([
      ['health', 6, 'consensus_in'],
      ['social_care', 7, 'no_consensus'],
    ]);
    const view = result.items[0].asymmetry.sector;
    expect(view).toMatchObject({ holdsIn: ['health'], failsIn: ['social_care'], insufficientIn: [], split: true, differs: true });
    expect(view.headline).toContain('consensus_in in health');
    expect(result.items[0].headline).toBe(view.headline);
    expect(result.headlines).toEqual([{ itemId: 'G1', dimension: 'sector', split: true, differs: true, headline: view.headline }]);
  });

  it('G-2: Kruskal-Wallis with three sectors; a group below min_valid_n is insufficient', () => {
    const values = [...g1.values, 4, 3, 5, 4, 3, 5, 5];
    const groups = [...g1.groups, 'third', 'third', 'third', 'third', 'third', 'tiny', 'tiny'];
    const input = round([item('G2', values.slice(0, 18), {}, groups.slice(0, 18))], presetProtocol('pct75', FIVE), FIVE, { dimensions: ['sector'] });
    const g2 = analyseRound(input).items[0].groups.sector;
    expect(g2.test).toBe('kruskal-wallis');
    expect(g2.statistic).toBeCloseTo(5.322503, 6);
    expect(g2.p).toBeCloseTo(0.069861, 6);
    expect(g2.effectSizes.epsilonSquared).toBeCloseTo(0.3131, 4);
    const withTiny = analyseRound(round([item('G2', values, {}, groups)], presetProtocol('pct75', FIVE), FIVE, { dimensions: ['sector'] })).items[0];
    expect(withTiny.asymmetry.sector.insufficientIn).toEqual(['tiny']);
  });

  it('counts answers without a value for the dimension as unassigned', () => {
    const result = analyseRound(round([item('U', [4, 4, 5, 5], {}, ['a', 'b', undefined, 'a'])], defaultProtocol(FIVE), FIVE, { dimensions: ['sector'] }));
    expect(result.items[0].groups.sector.nUnassigned).toBe(1);
  });

  it('adjusts p with Holm across the items of the round, per dimension', () => {
    const other = { values: [5, 5, 4, 5, 5, 4, 1, 2, 1, 2, 2, 1], groups: [...Array(6).fill('health'), ...Array(6).fill('social_care')] };
    const result = analyseRound(
      round([item('G1', g1.values, {}, g1.groups), item('X', other.values, {}, other.groups)], defaultProtocol(FIVE), FIVE, { dimensions: ['sector'] }),
    );
    const raw = result.items.map((i) => i.groups.sector.p);
    const expected = holm(raw);
    result.items.forEach((i, k) => expect(i.groups.sector.pAdjusted).toBeCloseTo(expected[k] as number, 14));
    expect(result.families.sector).toMatchObject({ dimension: 'sector', method: 'holm', m: 2, alpha: 0.05 });
  });

  it('evaluates group functions over groups with n_valid >= min_valid_n', () => {
    const protocol: Protocol = { ...defaultProtocol(FIVE), rules: [{ outcome: 'everywhere', when: 'all_groups(pct_agree >= 50)' }] };
    const result = analyseRound(round([item('G1', g1.values, {}, g1.groups)], protocol, FIVE, { dimensions: ['sector'] })).items[0];
    // social care: 2 of 7 agree → false
    expect(result.outcome).toBe('no_consensus');
    expect(result.metricsUsed['all_groups(pct_agree >= 50)']).toBe(false);
  });
});

describe('analyseRound: contract', () => {
  it('is JSON-safe, with nulls instead of NaN, on degenerate and full inputs', () => {
    const input = round(
      [
        item('empty', []),
        item('one', [4]),
        item('flat', [3, 3, 3, 3, 3], {}, ['a', 'a', 'b', 'b', 'c']),
        item(
          'A',
          EXAMPLE_A,
          {},
          EXAMPLE_A.map((_, i) => (i % 2 ? 'x' : 'y')),
        ),
      ],
      defaultProtocol(FIVE),
      FIVE,
      { dimensions: ['sector'] },
    );
    const result = analyseRound(input);
    expectJsonSafe(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result.items[2].groups.sector.test).toBe('kruskal-wallis');
    expect(result.items[2].groups.sector.p).toBeNull();
  });

  it('echoes the settings the export must print', () => {
    const result = analyseRound(round([item('A', EXAMPLE_A)], defaultProtocol(FIVE)));
    expect(result.settings).toMatchObject({
      quantileMethod: 'hf7',
      noOpinionPolicy: 'exclude',
      minValidN: 5,
      stabilityRule: 'round >= 2 AND change_pct < 15',
      alpha: 0.05,
      multiplicity: 'holm',
    });
    expect(result.settings.quantileMethodEquivalents).toContain('type 7');
  });

  it.each([
    ['an off-scale rating', [item('bad', [6])], RangeError],
    ['a non-integer rating', [item('bad', [4.5])], RangeError],
    ['two answers from one panelist', [{ ...item('dup', [4, 5]), answers: [...answers([4]), ...answers([5])] }], RangeError],
    ['nPresented below the answers', [item('few', [4, 5], { nPresented: 1 })], RangeError],
  ])('rejects %s', (_, items, error) => {
    expect(() => analyseRound(round(items, defaultProtocol(FIVE)))).toThrow(error);
  });

  it('rejects an invalid protocol with a ProtocolError', () => {
    const protocol = { ...defaultProtocol(FIVE), rules: [{ outcome: 'x', when: 'ipras > 1' }] };
    expect(() => analyseRound(round([item('A', EXAMPLE_A)], protocol))).toThrow(ProtocolError);
  });
});
