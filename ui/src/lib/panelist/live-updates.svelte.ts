import type { PanelistRound } from './panelist-api';

/** An item version and, in a study that names its criteria, the criterion whose figures moved. */
export interface Released {
  itemVersionId: number;
  criterion?: string;
}

const keyOf = (itemVersionId: number, criterion?: string) => `${itemVersionId}|${criterion ?? ''}`;

/**
 * Real-time round: the items, and criteria of an item, whose released figures changed since this
 * panelist last saw them, for the "new figures" marks and the list of changes. The server says so
 * once per new snapshot (the round's `live.updated`, or a `feedback_released` message), so the
 * marks are kept for the visit rather than cleared by the next fetch.
 */
export class LiveUpdates {
  #keys = $state<string[]>([]);
  #items = $state<number[]>([]);

  /** Marks what a `feedback_released` message names. */
  mark(released: readonly Released[]): void {
    const keys = released.map((r) => keyOf(r.itemVersionId, r.criterion)).filter((k) => !this.#keys.includes(k));
    if (keys.length > 0) this.#keys = [...this.#keys, ...keys];
    const items = released.map((r) => r.itemVersionId).filter((id, i, all) => all.indexOf(id) === i && !this.#items.includes(id));
    if (items.length > 0) this.#items = [...this.#items, ...items];
  }

  /** Marks what a freshly fetched round says is new: each item's own figures, or each criterion's. */
  noteRound(round: PanelistRound | null): void {
    const released: Released[] = [];
    for (const item of round?.items ?? []) {
      if (item.criteria.length === 0 && item.feedback?.live?.updated) released.push({ itemVersionId: item.itemVersionId });
      for (const c of item.criteria) if (c.feedback?.live?.updated) released.push({ itemVersionId: item.itemVersionId, criterion: c.criterion });
    }
    this.mark(released);
  }

  /** New figures for the item on this criterion (on its one rating, without a criterion). */
  isUpdated(itemVersionId: number, criterion?: string): boolean {
    return this.#keys.includes(keyOf(itemVersionId, criterion));
  }

  /** New figures for the item on any criterion. */
  itemUpdated(itemVersionId: number): boolean {
    return this.#items.includes(itemVersionId);
  }
}
