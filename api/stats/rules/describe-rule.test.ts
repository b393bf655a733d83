import { describe, expect, it } from 'vitest';
import { describeRule } from './describe-rule';

const NINE = { agree: [7, 9], disagree: [1, 3] } as const;

describe('describeRule', () => {
  it.each([
    ['pct_agree >= 75 AND iqr <= 2', 'at least 75% rate 7-9 and the IQR is at most 2'],
    ['pct_range(7,9) >= 70 AND pct_range(1,3) < 15', 'at least 70% rate 7-9 and less than 15% rate 1-3'],
    ['75 <= pct_agree', 'at least 75% rate 7-9'],
    ['median >= 7 AND NOT disagreement_ipras', 'the median is at least 7 and there is no disagreement by the IPRAS method'],
    ['round >= 2 AND change_pct < 15', 'the round number is at least 2 and the change in the rating distribution since the previous round (%) is less than 15'],
    ['all_groups(pct_agree >= 70, "sector")', 'at least 70% rate 7-9 in every sector group'],
    ['any_groups(iqr <= 1)', 'the IQR is at most 1 in at least one group'],
    ['group("health").pct_agree >= 70', 'at least 70% of group health rate 7-9'],
    ['group("health").iqr <= 1', 'the IQR in group health is at most 1'],
    ["ram_class == 'appropriate'", 'the RAND/UCLA class is "appropriate"'],
    ['count_range(7, 9) >= 10', 'at least 10 panelists rate 7-9'],
    ['quantile(90) <= 8', 'the 90th percentile is at most 8'],
    ['(pct_agree >= 75 OR median >= 8) AND NOT stable', '(at least 75% rate 7-9 or the median is at least 8) and the ratings are not stable'],
    ['ipr > ipras', 'the interpercentile range (P70 − P30) is more than the IPRAS'],
  ])('reads %j', (rule, text) => {
    expect(describeRule(rule, NINE)).toBe(text);
  });

  it('names the band generically without bands', () => {
    expect(describeRule('pct_agree >= 75')).toBe('at least 75% rate in the agreement band');
  });

  it('reports a rule that does not parse', () => {
    expect(describeRule('pct_agree >=')).toMatch(/^\(invalid rule: .*column 13\)$/);
  });
});
