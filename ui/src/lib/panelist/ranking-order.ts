/** The ranking block's ordering logic, free of the DOM so it runs under test in node. */

export interface RankAnswer {
  subject: string;
  value: number | null;
  cannotJudge: boolean;
}

/**
 * The order a ranking starts from: the panelist's saved ranks; else their order of the previous
 * round (kept to the items still in the block); else the block's own order. Items without a rank
 * follow the ranked ones in block order.
 */
export function startingOrder(items: readonly string[], saved: readonly RankAnswer[], previous: readonly RankAnswer[]): string[] {
  const source = saved.some((a) => a.value !== null) ? saved : previous;
  const rank = new Map(source.filter((a) => a.value !== null && items.includes(a.subject)).map((a) => [a.subject, a.value as number]));
  const ranked = items.filter((c) => rank.has(c)).sort((a, b) => rank.get(a)! - rank.get(b)! || items.indexOf(a) - items.indexOf(b));
  return [...ranked, ...items.filter((c) => !rank.has(c))];
}

/** `order` with the item at `from` moved by `by` places (clamped to the list). */
export function move(order: readonly string[], from: number, by: number): string[] {
  const to = Math.max(0, Math.min(order.length - 1, from + by));
  const next = [...order];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** The answers a save sends: ranks 1..n in order, or in a top-k ranking only the first k. */
export function rankAnswers(order: readonly string[], topK: number | null): RankAnswer[] {
  return order.slice(0, topK ?? order.length).map((subject, i) => ({ subject, value: i + 1, cannotJudge: false }));
}
