import { describe, expect, it } from 'vitest';
import type { RelationsConfig } from '../../contract/blocks';
import { checkRelationAnswers, checkRelationsConfig } from './relations';
import { parsePairSubject, relationSubjects } from './relations-pairs';

const element = (code: string) => ({ code, label: { en: `Element ${code}` } });
const base: RelationsConfig = {
  elements: ['PD', 'CI', 'RA'].map(element),
  pairs: null,
  labels: { en: ['none', 'low', 'medium', 'high', 'very high'] },
  cannotJudge: true,
};

describe('the pairs a relations block asks', () => {
  it('asks every ordered pair of different elements by default, row by row in code order', () => {
    expect(relationSubjects(base)).toEqual(['CI>PD', 'CI>RA', 'PD>CI', 'PD>RA', 'RA>CI', 'RA>PD']);
  });

  it('asks only the chosen pairs when the facilitator picks a subset, still in code order', () => {
    expect(
      relationSubjects({
        ...base,
        pairs: [
          ['RA', 'PD'],
          ['CI', 'PD'],
        ],
      }),
    ).toEqual(['CI>PD', 'RA>PD']);
  });

  it('reads a subject back into its pair and refuses anything else', () => {
    expect(parsePairSubject('CI>PD')).toEqual({ from: 'CI', to: 'PD' });
    for (const bad of ['CI', 'CI>PD>RA', '>PD', 'C I>PD']) expect(parsePairSubject(bad), bad).toBeNull();
  });
});

describe('checkRelationsConfig', () => {
  it('accepts 3 to 12 elements with labels and all pairs', () => {
    expect(checkRelationsConfig(base)).toEqual([]);
    expect(checkRelationsConfig({ ...base, elements: Array.from({ length: 12 }, (_, i) => element(`E${i}`)) })).toEqual([]);
  });

  it.each([
    ['two elements', { elements: [element('A'), element('B')] }, 'config.elements', 'needs 3 to 12 elements, got 2'],
    ['thirteen elements', { elements: Array.from({ length: 13 }, (_, i) => element(`E${i}`)) }, 'config.elements', 'got 13'],
    ['an element listed twice', { elements: [element('A'), element('B'), element('A')] }, 'config.elements.2.code', 'listed twice'],
    ['a code with a space', { elements: [element('A'), element('B'), element('C D')] }, 'config.elements.2.code', 'letters, digits'],
    ['an element without a label', { elements: [element('A'), element('B'), { code: 'C', label: { en: ' ' } }] }, 'config.elements.2.label', 'needs a label'],
    ['a pair with the same element twice', { pairs: [['PD', 'PD']] }, 'config.pairs.0', 'two different elements, got PD twice'],
    ['a pair naming an unknown element', { pairs: [['PD', 'XX']] }, 'config.pairs.0', 'Element XX is not in the block'],
    [
      'a pair listed twice',
      {
        pairs: [
          ['PD', 'CI'],
          ['PD', 'CI'],
        ],
      },
      'config.pairs.1',
      'listed twice',
    ],
    ['an empty subset of pairs', { pairs: [] }, 'config.pairs', 'at least one pair'],
    ['four scale labels', { labels: { en: ['none', 'low', 'high', 'very high'] } }, 'config.labels.en', 'Give 5 non-empty labels'],
    ['no scale labels', { labels: {} }, 'config.labels', 'at least one language'],
  ] as const)('names the problem with %s', (_, change, path, message) => {
    const problems = checkRelationsConfig({ ...base, ...(change as Partial<RelationsConfig>) });
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)?.message).toContain(message);
  });
});

describe('checkRelationAnswers', () => {
  const answer = (subject: string, value: number | null, cannotJudge = false) => ({ subject, value, cannotJudge });

  it('accepts ratings 0 to 4 and "cannot judge" on asked pairs', () => {
    expect(checkRelationAnswers(base, [answer('CI>PD', 0), answer('PD>CI', 4), answer('RA>CI', null, true)])).toEqual([]);
  });

  it.each([
    ['a rating above 4', answer('CI>PD', 5), 'Rating 5 is outside the influence scale 0–4'],
    ['a negative rating', answer('CI>PD', -1), 'Rating -1 is outside'],
    ['a fractional rating', answer('CI>PD', 2.5), 'Rating 2.5 is outside'],
    ['no rating without "cannot judge"', answer('CI>PD', null), 'Rating null is outside'],
    ['a pair with the same element twice', answer('PD>PD', 3), 'two different elements, got PD twice'],
    ['an element not in the block', answer('CI>XX', 3), 'CI>XX is not a pair this block asks'],
    ['"cannot judge" with a rating', answer('CI>PD', 2, true), 'carries no rating'],
  ])('refuses %s', (_, a, message) => {
    const problems = checkRelationAnswers(base, [a]);
    expect(problems.map((p) => p.message).join('; ')).toContain(message);
    expect(problems[0].path).toMatch(/^answers\.0\.(subject|value)$/);
  });

  it('refuses a pair outside the chosen subset, "cannot judge" where the block does not offer it, and the same pair twice', () => {
    const subset = { ...base, pairs: [['CI', 'PD']] as [string, string][], cannotJudge: false };
    expect(checkRelationAnswers(subset, [answer('PD>CI', 2)])[0].message).toContain('not a pair this block asks');
    expect(checkRelationAnswers(subset, [answer('CI>PD', null, true)])[0].message).toContain('This block does not offer "cannot judge"');
    expect(checkRelationAnswers(base, [answer('CI>PD', 2), answer('CI>PD', 3)])[0].message).toContain('answered twice');
  });
});
