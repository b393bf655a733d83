import { describe, expect, it } from 'vitest';
import { checkRule } from './rules/check';
import { SCHMIDT_STOP_RULE, schmidtStop } from './schmidt-stop';

describe('the Schmidt stop', () => {
  it.each([
    ['strong W in round 1', { w: 0.7, wChange: null, rhoPrevious: null }, true],
    ['moderate W in round 1: undecided', { w: 0.6, wChange: null, rhoPrevious: null }, null],
    ['W stopped rising and the order held', { w: 0.55, wChange: 0.05, rhoPrevious: 0.95 }, true],
    ['W still rising', { w: 0.55, wChange: 0.2, rhoPrevious: 0.95 }, false],
    ['the order changed', { w: 0.55, wChange: 0.02, rhoPrevious: 0.6 }, false],
    ['no W at all', { w: null, wChange: null, rhoPrevious: null }, null],
  ])('%s', (_, figures, expected) => {
    expect(schmidtStop(figures)).toBe(expected);
  });

  it('is a rule the protocol checker accepts as a stop rule', () => {
    expect(checkRule(SCHMIDT_STOP_RULE, { role: 'stop', scale: { min: 1, max: 9 } }).ok).toBe(true);
    expect(checkRule(SCHMIDT_STOP_RULE, { role: 'outcome', scale: { min: 1, max: 9 } }).ok).toBe(true);
  });
});
