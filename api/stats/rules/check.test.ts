import { describe, expect, it } from 'vitest';
import { checkRule, type CheckOptions } from './check';

const NINE: CheckOptions = { role: 'outcome', scale: { min: 1, max: 9 }, dimensions: ['sector', 'country'] };
const FIVE: CheckOptions = { ...NINE, scale: { min: 1, max: 5 } };

function problems(source: string, opts: CheckOptions = NINE): string[] {
  const r = checkRule(source, opts);
  return r.ok ? [] : r.problems.map((p) => p.message);
}

describe('checkRule', () => {
  it.each([
    'pct_agree >= 75 AND iqr <= 2',
    'pct_range(7,9) >= 70 AND pct_range(1,3) < 15',
    'median >= 7 AND NOT disagreement_ipras',
    "ram_class == 'appropriate'",
    'all_groups(pct_agree >= 70) AND any_groups(iqr <= 1, "sector")',
    'min_over_groups(pct_agree, "country") >= 60',
    'group("health").pct_agree >= 70 AND group("sector=health").pct_range(7, 9) > 50',
    'quantile(90) - quantile(10) <= 3',
    'stable AND wilcoxon_p > 0.05 AND kappa >= 0.6 AND delta_cv < 0.1 AND mcnemar_p > 0.05',
  ])('accepts %j', (source) => {
    expect(problems(source)).toEqual([]);
  });

  it.each([
    ['pct_agre >= 75', "unknown identifier 'pct_agre' (did you mean 'pct_agree'?) at column 1"],
    ['foo(1) > 2', "unknown function 'foo' at column 1"],
    ['pct_range(7) >= 70', "'pct_range' takes 2 arguments (pct_range(lo, hi)), got 1 at column 1"],
    ['quantile(25, 75) > 1', "'quantile' takes 1 argument (quantile(P)), got 2 at column 1"],
    ['all_groups() ', "'all_groups' takes 1 or 2 arguments"],
    ['median() > 3', "'median' is not a function: write it without parentheses at column 1"],
    ['pct_range > 3', "'pct_range' is a function: write pct_range(lo, hi) at column 1"],
    ['iqr', 'a rule must be true or false, but this expression is a number at column 1'],
    ['iqr AND median > 3', 'AND needs a true/false value, but this is a number at column 1'],
    ['stable + 1 > 2', "'+' needs a number, but this is a boolean at column 1"],
    ["median == 'x'", "'==' compares a number with a string at column 11"],
    ["ram_class < 'a'", "'<' compares numbers, but this is a string at column 1"],
    ["ram_class == 'apropriate'", "'apropriate' is not a possible value of ram_class"],
    ['quantile(12.5) > 1', 'quantile(P) needs an integer percent from 0 to 100 at column 10'],
    ['pct_range(7, 10) > 1', '10 is not a point of the 1-9 scale at column 14'],
    ['pct_range(9, 7) > 1', "'pct_range' needs lo <= hi, got 9 > 7 at column 1"],
    ['all_groups(all_groups(pct_agree > 1))', "'all_groups' cannot be used inside another group function at column 12"],
    ['all_groups(pct_agree > 1, "role")', "unknown dimension 'role' (known: sector, country) at column 27"],
    ['group("role=x").iqr < 1', "unknown dimension 'role'"],
    ['group(sector).iqr < 1', "'group' needs a quoted group name here"],
    ['group("health") > 1', 'group("…") must be followed by .metric'],
    ['group("health").outcome == "x"', "'outcome' can only be used in stop_item_when"],
    ['group("health").all_groups(iqr < 1)', '\'all_groups\' cannot be used inside group("…")'],
    ["outcome == 'no_consensus'", "'outcome' can only be used in stop_item_when at column 1"],
  ])('rejects %j', (source, message) => {
    expect(problems(source).join(' | ')).toContain(message);
  });

  it('rejects RAND/UCLA identifiers on scales other than 1-9', () => {
    expect(problems('ipras > 1', FIVE)).toEqual(["'ipras' is defined only on a 1-9 scale at column 1"]);
    expect(problems('NOT disagreement_classic', FIVE)[0]).toContain('1-9 scale');
    expect(problems('ipras > 1')).toEqual([]);
  });

  it('rejects stable inside the stability rule and allows outcome in the stop rule', () => {
    expect(problems('stable AND round >= 2', { ...NINE, role: 'stability' })[0]).toContain("'stable' cannot be used inside the stability rule");
    expect(problems("outcome != 'no_consensus' OR (stable AND round >= 3)", { ...NINE, role: 'stop' })).toEqual([]);
  });

  it('checks outcome names against the known outcomes when given', () => {
    const opts: CheckOptions = { ...NINE, role: 'stop', knownStrings: { outcome: ['consensus_in', 'no_consensus'] } };
    expect(problems("outcome == 'consensus_inn'", opts)[0]).toContain("'consensus_inn' is not a possible value of outcome");
  });

  it('reports syntax errors with their position', () => {
    const r = checkRule('pct_agree >= 75 AND', NINE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ position: 19 });
  });

  it('collects several problems at once', () => {
    expect(problems('foo > 1 AND bar > 2')).toHaveLength(2);
  });
});
