import { describe, expect, it } from 'vitest';
import {
  checkLineagePlan,
  checkPlan,
  lineageItems,
  lineageRequest,
  planRequest,
  suggestedAction,
  type ItemPlan,
  type MergePlan,
  type SplitPlan,
} from './planner';

const plan = (over: Partial<ItemPlan>): ItemPlan => ({ itemId: 1, action: 'carry', texts: {}, reason: '', sourceResponseIds: [], ...over });

describe('suggestedAction', () => {
  it.each([
    ['no_consensus', 'carry'],
    ['insufficient_data', 'carry'],
    ['consensus_in', 'retire'],
    ['consensus_out', 'retire'],
    ['appropriate', 'retire'],
  ])('%s -> %s', (outcome, action) => {
    expect(suggestedAction(outcome)).toBe(action);
  });

  it('suggests retiring an item whose stopping rule holds, whatever its outcome', () => {
    expect(suggestedAction('no_consensus', true)).toBe('retire');
    expect(suggestedAction('no_consensus', false)).toBe('carry');
  });
});

describe('checkPlan', () => {
  it('asks for a reason to drop or reword and for the new wording', () => {
    const problems = checkPlan([plan({ itemId: 1, action: 'drop' }), plan({ itemId: 2, action: 'reword', reason: 'clearer' })], [], ['en'], []);
    expect(problems).toEqual([
      { itemId: 1, message: 'Give a reason to drop this item.' },
      { itemId: 2, message: 'Write the new wording.' },
    ]);
  });

  it('refuses new items with a bad, duplicate or existing code, or without text', () => {
    const problems = checkPlan(
      [],
      [
        { code: 'K1', categoryId: null, texts: { en: 'x' }, sourceIdeaIds: [] },
        { code: 'N1', categoryId: null, texts: { en: 'y' }, sourceIdeaIds: [] },
        { code: 'N1', categoryId: null, texts: {}, sourceIdeaIds: [] },
        { code: 'bad code', categoryId: null, texts: { en: 'z' }, sourceIdeaIds: [] },
      ],
      ['en'],
      ['K1'],
    );
    expect(problems.map((p) => [p.newIndex, p.message])).toEqual([
      [0, 'The code K1 is already used.'],
      [2, 'The code N1 is already used.'],
      [2, 'Write the new item’s text.'],
      [3, 'Give the new item a code (letters, digits, dot, dash or underscore).'],
    ]);
  });

  it('accepts a complete plan', () => {
    expect(checkPlan([plan({ action: 'reword', reason: 'r', texts: { en: 'New' } })], [], ['en'], [])).toEqual([]);
  });
});

describe('planRequest', () => {
  it('sends every decision with only the fields its action takes, and trims texts', () => {
    const body = planRequest(
      'rating',
      { en: ' Keep or change ', fr: ' ' },
      [
        plan({ itemId: 1, action: 'carry', reason: 'ignored' }),
        plan({ itemId: 2, action: 'retire' }),
        plan({ itemId: 3, action: 'drop', reason: ' duplicate ' }),
        plan({ itemId: 4, action: 'reword', texts: { en: ' Clearer ', fr: '' }, reason: 'ambiguous', sourceResponseIds: [7, 9] }),
      ],
      [{ code: ' N1 ', categoryId: 3, texts: { en: 'From ideas' }, sourceIdeaIds: [5] }],
    );
    expect(body).toEqual({
      kind: 'rating',
      instructions: { en: 'Keep or change' },
      decisions: [
        { itemId: 1, action: 'carry' },
        { itemId: 2, action: 'retire' },
        { itemId: 3, action: 'drop', reason: 'duplicate' },
        { itemId: 4, action: 'reword', texts: { en: 'Clearer' }, reason: 'ambiguous', sourceResponseIds: [7, 9] },
      ],
      newItems: [{ code: 'N1', categoryId: 3, texts: { en: 'From ideas' }, sourceIdeaIds: [5] }],
    });
  });
});

describe('merges and splits', () => {
  const merge = (over: Partial<MergePlan>): MergePlan => ({ itemIds: [1, 2], code: 'M1', texts: { en: 'One' }, reason: 'overlap', ...over });
  const split = (over: Partial<SplitPlan>): SplitPlan => ({
    itemId: 3,
    into: [
      { code: 'S1', texts: { en: 'a' } },
      { code: 'S2', texts: { en: 'b' } },
    ],
    reason: 'two ideas',
    ...over,
  });

  it('accepts a merge of two items and a split into two', () => {
    expect(checkLineagePlan([merge({})], [split({})], ['en'], ['I1', 'I2', 'I3'])).toEqual([]);
  });

  it('asks for two items, a reason, a free code and a text, and refuses an item used twice', () => {
    const problems = checkLineagePlan([merge({ itemIds: [1], reason: ' ' })], [split({ itemId: 1, into: [{ code: 'I2', texts: {} }] })], ['en'], ['I1', 'I2']);
    expect(problems.map((p) => [p.mergeIndex ?? p.splitIndex, p.message])).toEqual([
      [0, 'Choose at least two items to merge.'],
      [0, 'Give a reason to merge these items.'],
      [0, 'This item is already merged or split elsewhere in the plan.'],
      [0, 'Split the item into at least two new items.'],
      [0, 'The code I2 is already used.'],
      [0, 'Write the new item’s text.'],
    ]);
  });

  it('sends the merges and splits, and no other decision for the items they take', () => {
    const body = lineageRequest([merge({ code: ' M1 ', texts: { en: ' One ', fr: '' } })], [split({})]);
    expect(body).toEqual({
      merges: [{ itemIds: [1, 2], code: 'M1', texts: { en: 'One' }, reason: 'overlap' }],
      splits: [
        {
          itemId: 3,
          into: [
            { code: 'S1', texts: { en: 'a' } },
            { code: 'S2', texts: { en: 'b' } },
          ],
          reason: 'two ideas',
        },
      ],
    });
    expect([...lineageItems([merge({})], [split({})])]).toEqual([1, 2, 3]);
  });
});
