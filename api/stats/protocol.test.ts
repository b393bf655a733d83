import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetProtocol } from './presets';
import { compileProtocol, defaultProtocol, ProtocolError, validateProtocol, type Protocol } from './protocol';

const NINE = { min: 1, max: 9 };
const FIVE = { min: 1, max: 5 };
const SEVEN = { min: 1, max: 7 };

describe('defaultProtocol', () => {
  it.each([
    [FIVE, [4, 5], [1, 2], 'pct_agree >= 75 AND iqr <= 1'],
    [SEVEN, [6, 7], [1, 2], 'pct_agree >= 75 AND iqr <= 1'],
    [NINE, [7, 9], [1, 3], 'pct_agree >= 75 AND iqr <= 2'],
  ])('uses the §0 defaults on %j', (scale, agree, disagree, rule) => {
    const p = defaultProtocol(scale);
    expect(p.bands).toEqual({ agree, disagree });
    expect(p.rules).toEqual([{ outcome: 'consensus_in', when: rule }]);
    expect(p).toMatchObject({
      quantileMethod: 'hf7',
      noOpinionPolicy: 'exclude',
      minValidN: 5,
      maxNoOpinionShare: 0.5,
      defaultOutcome: 'no_consensus',
      alpha: 0.05,
      multiplicity: 'holm',
    });
    expect(p.stability.when).toBe('round >= 2 AND change_pct < 15');
    expect(validateProtocol(p, scale, [])).toEqual({ ok: true });
  });
});

describe('presetProtocol', () => {
  it.each([
    ['pct75', NINE, ['pct_agree >= 75']],
    ['pct75_iqr', FIVE, ['pct_agree >= 75 AND iqr <= 1']],
    ['pct75_iqr', NINE, ['pct_agree >= 75 AND iqr <= 2']],
    ['grade_70_15', NINE, ['pct_range(7,9) >= 70 AND pct_range(1,3) < 15', 'pct_range(1,3) >= 70 AND pct_range(7,9) < 15']],
    ['rand_ipras', NINE, ['median >= 7 AND NOT disagreement_ipras', 'median <= 3 AND NOT disagreement_ipras']],
    ['rand_classic', NINE, ['median >= 7 AND NOT disagreement_classic', 'median <= 3 AND NOT disagreement_classic']],
    ['delphistar_75_top2', SEVEN, ['pct_range(6,7) >= 75']],
    ['schmidt_stop', FIVE, ['w >= 0.7 OR (w_change < 0.1 AND rho_previous >= 0.9)']],
  ])('%s on %j', (name, scale, rules) => {
    const p = presetProtocol(name, scale);
    expect(p.rules.map((r) => r.when)).toEqual(rules);
    expect(validateProtocol(p, scale, [])).toEqual({ ok: true });
  });

  it('RAND presets classify into appropriate / inappropriate / uncertain', () => {
    const p = presetProtocol('rand_ipras', NINE);
    expect(p.rules.map((r) => r.outcome)).toEqual(['appropriate', 'inappropriate']);
    expect(p.defaultOutcome).toBe('uncertain');
  });

  it('refuses RAND presets off the 1-9 scale and unknown names', () => {
    expect(() => presetProtocol('rand_ipras', FIVE)).toThrow('needs a 1-9 scale');
    expect(() => presetProtocol('pct80', FIVE)).toThrow("unknown preset 'pct80'");
  });

  it('every listed preset builds on a 9-point scale', () => {
    for (const name of PRESET_NAMES) expect(validateProtocol(presetProtocol(name, NINE), NINE, [])).toEqual({ ok: true });
  });
});

describe('validateProtocol', () => {
  const base = (): Protocol => ({ ...defaultProtocol(NINE) });

  it.each<[string, (p: Protocol) => Protocol, string, string]>([
    [
      'an unknown identifier',
      (p) => ({ ...p, rules: [{ outcome: 'consensus_in', when: 'pct_agre >= 75' }] }),
      'rules[0].when',
      "unknown identifier 'pct_agre'",
    ],
    ['wrong arity', (p) => ({ ...p, rules: [{ outcome: 'consensus_in', when: 'pct_range(7) >= 75' }] }), 'rules[0].when', 'takes 2 arguments'],
    ['a syntax error', (p) => ({ ...p, rules: [{ outcome: 'x', when: 'iqr <= 1 AND' }] }), 'rules[0].when', 'column 13'],
    ['a band off the scale', (p) => ({ ...p, bands: { agree: [7, 10], disagree: [1, 3] } }), 'bands.agree', 'must be [lo, hi]'],
    ['an inverted band', (p) => ({ ...p, bands: { agree: [9, 7], disagree: [1, 3] } }), 'bands.agree', 'must be [lo, hi]'],
    ['a bad quantile method', (p) => ({ ...p, quantileMethod: 'hf8' as 'hf7' }), 'quantileMethod', "'hf7' or 'hf6'"],
    ['a bad minimum n', (p) => ({ ...p, minValidN: 0 }), 'minValidN', 'at least 1'],
    ['a share above 1', (p) => ({ ...p, maxNoOpinionShare: 1.5 }), 'maxNoOpinionShare', 'from 0 to 1'],
    ['a reserved outcome', (p) => ({ ...p, rules: [{ outcome: 'insufficient_data', when: 'iqr <= 1' }] }), 'rules[0].outcome', 'reserved'],
    ['an empty default outcome', (p) => ({ ...p, defaultOutcome: ' ' }), 'defaultOutcome', 'non-empty'],
    ['stable inside the stability rule', (p) => ({ ...p, stability: { when: 'stable' } }), 'stability.when', "'stable' cannot be used"],
    [
      'an unknown outcome in the stop rule',
      (p) => ({ ...p, stopItemWhen: "outcome == 'consensus'" }),
      'stopItemWhen',
      "'consensus' is not a possible value of outcome",
    ],
    [
      'an unknown dimension',
      (p) => ({ ...p, rules: [{ outcome: 'x', when: 'all_groups(iqr <= 1, "region")' }] }),
      'rules[0].when',
      "unknown dimension 'region'",
    ],
    ['alpha out of range', (p) => ({ ...p, alpha: 1 }), 'alpha', 'between 0 and 1'],
  ])('rejects %s', (_, change, path, message) => {
    const result = validateProtocol(change(base()), NINE, ['sector']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.path)).toContain(path);
      expect(result.problems.find((p) => p.path === path)?.message).toContain(message);
    }
  });

  it('rejects RAND identifiers on a 5-point scale', () => {
    const p: Protocol = { ...defaultProtocol(FIVE), rules: [{ outcome: 'a', when: 'median >= 4 AND NOT disagreement_ipras' }] };
    const result = validateProtocol(p, FIVE, []);
    expect(result).toEqual({ ok: false, problems: [{ path: 'rules[0].when', message: "'disagreement_ipras' is defined only on a 1-9 scale at column 21" }] });
  });

  it('accepts an empty stability rule and a valid stop rule', () => {
    const p: Protocol = { ...base(), stability: { when: '' }, stopItemWhen: "outcome != 'no_consensus' OR (stable AND round >= 3)" };
    expect(validateProtocol(p, NINE, [])).toEqual({ ok: true });
  });

  it('compileProtocol throws a ProtocolError listing the problems', () => {
    const p: Protocol = { ...base(), rules: [{ outcome: 'a', when: 'nope > 1' }] };
    expect(() => compileProtocol(p, NINE, [])).toThrow(ProtocolError);
    expect(() => compileProtocol(p, NINE, [])).toThrow("rules[0].when: unknown identifier 'nope'");
  });
});
