import { describe, expect, it } from 'vitest';
import { feedbackEffect } from './feedback-effect';

describe('feedbackEffect', () => {
  it.each([
    ['nobody shown', [], { shown: 0, revised: 0, meanChange: null, meanAbsChange: null }],
    [
      'nobody revised',
      [
        { before: 4, after: 4 },
        { before: null, after: null },
      ],
      { shown: 2, revised: 0, meanChange: null, meanAbsChange: null },
    ],
    [
      'moves both ways',
      [
        { before: 2, after: 5 },
        { before: 7, after: 6 },
        { before: 5, after: 5 },
      ],
      { shown: 3, revised: 2, meanChange: 1, meanAbsChange: 2 },
    ],
    [
      'a switch to "cannot judge" counts as revised but not in the means',
      [
        { before: 3, after: null },
        { before: 1, after: 3 },
      ],
      { shown: 2, revised: 2, meanChange: 2, meanAbsChange: 2 },
    ],
  ])('%s', (_name, pairs, expected) => {
    expect(feedbackEffect(pairs)).toEqual(expected);
  });
});
