import { describe, expect, it } from 'vitest';
import { move, rankAnswers, startingOrder } from './ranking-order';

const items = ['A', 'B', 'C', 'D'];
const ranks = (...pairs: [string, number][]) => pairs.map(([subject, value]) => ({ subject, value, cannotJudge: false }));

describe('a ranking block on the panelist page', () => {
  it('starts from the saved order, else last round’s order, else the block’s order', () => {
    expect(startingOrder(items, ranks(['C', 1], ['A', 2]), ranks(['D', 1]))).toEqual(['C', 'A', 'B', 'D']);
    expect(startingOrder(items, [], ranks(['D', 1], ['B', 2], ['X', 3]))).toEqual(['D', 'B', 'A', 'C']);
    expect(startingOrder(items, [], [])).toEqual(items);
  });

  it('moves an item up or down by one and stops at the ends', () => {
    expect(move(items, 2, -1)).toEqual(['A', 'C', 'B', 'D']);
    expect(move(items, 0, -1)).toEqual(items);
    expect(move(items, 3, 1)).toEqual(items);
    expect(move(items, 0, 3)).toEqual(['B', 'C', 'D', 'A']);
  });

  it('sends ranks 1..n, or in a top-k ranking only the first k', () => {
    expect(rankAnswers(['B', 'A', 'C'], null)).toEqual(ranks(['B', 1], ['A', 2], ['C', 3]));
    expect(rankAnswers(['B', 'A', 'C'], 2)).toEqual(ranks(['B', 1], ['A', 2]));
  });
});
