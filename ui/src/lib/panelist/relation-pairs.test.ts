import { describe, expect, it } from 'vitest';
import type { RelationsConfig } from '$contract/blocks';
import { elementLabel, figure, nextUnanswered, progressOf, relationPairs, scaleLabels } from './relation-pairs';

const config = (pairs: [string, string][] | null = null): RelationsConfig => ({
  elements: ['PD', 'CI', 'RA'].map((code) => ({ code, label: { en: `${code} in English`, fr: `${code} en français` } })),
  pairs,
  labels: { en: ['None', 'Low', 'Medium', 'High', 'Very high'], de: ['Kein', 'Gering', 'Mittel', 'Hoch', 'Sehr hoch'] },
  cannotJudge: true,
});

describe('relation pairs', () => {
  it('lists every ordered pair row by row with codes ascending, as the server keys them', () => {
    expect(relationPairs(config()).map((p) => p.subject)).toEqual(['CI>PD', 'CI>RA', 'PD>CI', 'PD>RA', 'RA>CI', 'RA>PD']);
  });

  it('lists only the chosen pairs, in the same order whatever order they were chosen in', () => {
    expect(
      relationPairs(
        config([
          ['RA', 'CI'],
          ['CI', 'PD'],
        ]),
      ).map((p) => p.subject),
    ).toEqual(['CI>PD', 'RA>CI']);
  });

  it('counts the answered pairs and finds the next open one, wrapping round', () => {
    const pairs = relationPairs(config());
    const answered = new Set(['CI>PD', 'PD>CI', 'PD>RA']);
    expect(progressOf(pairs, answered)).toEqual({ answered: 3, total: 6 });
    expect(nextUnanswered(pairs, answered)).toBe(1);
    expect(nextUnanswered(pairs, answered, 1)).toBe(4);
    expect(nextUnanswered(pairs, answered, 5)).toBe(1);
    expect(nextUnanswered(pairs, new Set(pairs.map((p) => p.subject)))).toBeNull();
  });

  it("speaks the panelist's language: exact, then base language, then English", () => {
    expect(elementLabel(config(), 'PD', 'fr-BE')).toBe('PD en français');
    expect(elementLabel(config(), 'PD', 'pl')).toBe('PD in English');
    expect(elementLabel(config(), 'XX', 'en')).toBe('XX');
    expect(scaleLabels(config(), 'de')[4]).toBe('Sehr hoch');
    expect(scaleLabels(config(), 'it')[0]).toBe('None');
  });

  it('writes figures plainly', () => {
    expect(figure(3)).toBe('3');
    expect(figure(2.25)).toBe('2.3');
  });
});
