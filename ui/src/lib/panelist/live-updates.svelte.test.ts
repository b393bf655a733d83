import { describe, expect, it } from 'vitest';
import { LiveUpdates } from './live-updates.svelte';
import type { PanelistRound } from './panelist-api';

const live = (updated: boolean) => ({ live: { snapshot: 2, updated } });

describe('LiveUpdates', () => {
  it('marks each criterion of an item on its own, and the item as changed when any of them is', () => {
    const updates = new LiveUpdates();
    updates.mark([{ itemVersionId: 7, criterion: 'importance' }]);
    expect(updates.isUpdated(7, 'importance')).toBe(true);
    expect(updates.isUpdated(7, 'resonance')).toBe(false);
    expect(updates.isUpdated(7)).toBe(false);
    expect(updates.itemUpdated(7)).toBe(true);
    expect(updates.itemUpdated(8)).toBe(false);
  });

  it('keeps the marks a fetched round gives, per criterion or for the item’s one rating, across later fetches that no longer say so', () => {
    const updates = new LiveUpdates();
    const round = (a: boolean, b: boolean, c: boolean) =>
      ({
        items: [
          { itemVersionId: 1, feedback: null, criteria: [] },
          { itemVersionId: 2, feedback: live(a), criteria: [] },
          {
            itemVersionId: 3,
            feedback: live(b),
            criteria: [
              { criterion: 'resonance', feedback: live(b) },
              { criterion: 'importance', feedback: live(c) },
            ],
          },
        ],
      }) as unknown as PanelistRound;
    updates.noteRound(round(true, false, true));
    updates.noteRound(round(false, false, false));
    expect([updates.isUpdated(1), updates.isUpdated(2), updates.isUpdated(3, 'resonance'), updates.isUpdated(3, 'importance')]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect([1, 2, 3].map((id) => updates.itemUpdated(id))).toEqual([false, true, true]);
  });
});
