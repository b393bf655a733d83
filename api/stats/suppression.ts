/**
 * Small-group protection applied to one item's engine output (design.md "Anonymity model"). The
 * rule of what to hide lives in ./disclosure (groupsToHide); this only blanks what it says.
 * The engine computes everything; this hides it.
 */
import { asymmetryOf } from './asymmetry';
import { groupsToHide, type HiddenGroups, type Membership } from './disclosure';
import type { AsymmetryHeadline, GroupComparison, ItemRoundResult } from './round-result';

/**
 * A copy of `result` with the groups groupsToHide names (fewer than k answers, and whatever else
 * subtraction would expose) nulled (`suppressed: true`). `members` holds the groups of each answer
 * the result counts (valid and "cannot judge"). When they do not match the result's own counts (an
 * erased panelist's answers stay in frozen results), every group is hidden: without membership the
 * nesting cannot be checked, and hiding more is always safe.
 * In a dimension with any suppressed group the test statistic, p and effect sizes are nulled as
 * well (a U or H over a group of 1–2 ratings exposes their ranks), and so are recorded rule
 * metrics that read a suppressed group (group("x").…) or a minimum over groups.
 * The overall statistics stay: they are over the whole panel. k must be an integer ≥ 3 (design.md:
 * "never below 3"); RangeError otherwise.
 */
export function suppressSmallGroups(
  result: ItemRoundResult,
  k: number,
  members: readonly Membership[],
  byCriterion?: ReadonlyMap<string, readonly Membership[]>,
): ItemRoundResult {
  if (!Number.isInteger(k) || k < 3) throw new RangeError(`suppression threshold k must be an integer of at least 3, got ${k}`);
  const dimensions = Object.keys(result.groups);
  const others = (result.criteria ?? []).slice(1).filter((c) => c.groups !== undefined);
  if (!membersMatch(result.stats, result.groups, members)) return blank(result, everyGroup(result));
  if (others.length === 0) return blank(result, groupsToHide(members, dimensions, k));
  const lists = [members, ...others.map((c) => byCriterion?.get(c.criterion) ?? [])];
  if (others.some((c, i) => !membersMatch(c.stats, c.groups!, lists[i + 1]))) return blank(result, everyGroup(result));
  return blank(result, hiddenOnEveryCriterion(lists, dimensions, k));
}

/**
 * Several criteria publish one table set each over their own answers, and a group hidden on one
 * is hidden on all ("a group below k shows nothing on any criterion"). Hiding a group can expose
 * another by subtraction (disclosure.ts), so each criterion's rule runs again with what the
 * others hide already hidden, until no criterion hides more: at that point each criterion's own
 * search found no violation with the common set hidden.
 */
function hiddenOnEveryCriterion(lists: readonly (readonly Membership[])[], dimensions: readonly string[], k: number): HiddenGroups {
  const hidden: HiddenGroups = Object.fromEntries(dimensions.map((d) => [d, new Set<string>()]));
  for (let changed = true; changed;) {
    changed = false;
    for (const list of lists) {
      for (const [d, names] of Object.entries(groupsToHide(list, dimensions, k, hidden))) {
        for (const name of names) {
          if (hidden[d].has(name)) continue;
          hidden[d].add(name);
          changed = true;
        }
      }
    }
  }
  return hidden;
}

/**
 * A copy of `result` with every subgroup hidden, for figures a viewer sees change over time while
 * a round is open (batch-released snapshots, release-service.ts): a batch of k new answers overall
 * may hold a single new answer of one group, and comparing that group's figure before and after
 * would isolate it. The overall figure is what the batch rule protects.
 */
export function withoutGroups(result: ItemRoundResult): ItemRoundResult {
  return blank(result, everyGroup(result));
}

/**
 * A copy of `result` with every group of the named dimensions hidden: for a file whose people no
 * longer carry those attributes (the study file's withheld attributes), where any group figure
 * left could be matched against the per-person answers beside it.
 */
export function withoutDimensions(result: ItemRoundResult, dimensions: readonly string[]): ItemRoundResult {
  const all = everyGroup(result);
  return blank(result, Object.fromEntries(dimensions.filter((d) => all[d] !== undefined).map((d) => [d, all[d]])));
}

function blank(result: ItemRoundResult, names: HiddenGroups): ItemRoundResult {
  const copy = structuredClone(result);
  const hidden = new Set<string>();
  for (const [dimension, comparison] of Object.entries(copy.groups)) {
    const set = names[dimension];
    if (!set || set.size === 0) continue;
    for (const name of set) hidden.add(name);
    copy.groups[dimension] = suppressComparison(comparison, set);
    const previous = copy.asymmetry[dimension];
    if (previous) copy.asymmetry[dimension] = asymmetryOf(copy.groups[dimension], previous.alpha);
    for (const c of copy.criteria ?? []) {
      if (c.groups?.[dimension] === undefined) continue;
      c.groups[dimension] = suppressComparison(c.groups[dimension], set);
      const before = c.asymmetry?.[dimension];
      if (c.asymmetry && before) c.asymmetry[dimension] = asymmetryOf(c.groups[dimension], before.alpha);
    }
  }
  if (hidden.size > 0) {
    for (const key of Object.keys(copy.metricsUsed)) {
      if (key.startsWith('min_over_groups(') || [...hidden].some((name) => readsGroup(key, name))) copy.metricsUsed[key] = null;
    }
    const texts = Object.values(copy.asymmetry).flatMap((a) => (a.headline === null ? [] : [a.headline]));
    copy.headline = texts.length === 0 ? null : texts.join(' | ');
  }
  return copy;
}

/**
 * The round-level headlines (RoundAnalysis.headlines) rebuilt from results already passed through
 * suppressSmallGroups: the stored ones were written before suppression and can name a hidden
 * group's verdict, which with the overall figures narrows down the answers it protects.
 */
export function shownHeadlines(items: readonly ItemRoundResult[]): AsymmetryHeadline[] {
  return items.flatMap((item) => [
    ...Object.entries(item.asymmetry).flatMap(([dimension, a]) =>
      a.headline === null ? [] : [{ itemId: item.itemId, dimension, split: a.split, differs: a.differs, headline: a.headline }],
    ),
    ...(item.criteria ?? [])
      .slice(1)
      .flatMap((c) =>
        Object.entries(c.asymmetry ?? {}).flatMap(([dimension, a]) =>
          a.headline === null ? [] : [{ itemId: item.itemId, dimension, criterion: c.criterion, split: a.split, differs: a.differs, headline: a.headline }],
        ),
      ),
  ]);
}

/** Membership agrees with the counts the result publishes, overall and per group. */
function membersMatch(stats: ItemRoundResult['stats'], groups: ItemRoundResult['groups'], members: readonly Membership[]): boolean {
  if (stats.nValid + stats.nNoOpinion !== members.length) return false;
  for (const [dimension, comparison] of Object.entries(groups)) {
    const counts = new Map<string, number>();
    for (const m of members) if (m[dimension] !== undefined) counts.set(m[dimension], (counts.get(m[dimension]) ?? 0) + 1);
    if (counts.size !== comparison.perGroup.length) return false;
    for (const g of comparison.perGroup) if (counts.get(g.group) !== (g.nValid ?? 0) + (g.nNoOpinion ?? 0)) return false;
  }
  return true;
}

function everyGroup(result: ItemRoundResult): HiddenGroups {
  return Object.fromEntries(Object.entries(result.groups).map(([d, c]) => [d, new Set(c.perGroup.map((g) => g.group))]));
}

function suppressComparison(comparison: GroupComparison, names: ReadonlySet<string>): GroupComparison {
  return {
    ...comparison,
    statistic: null,
    df: null,
    p: null,
    pAdjusted: null,
    pMethod: null,
    effectSizes: { rankBiserial: null, r: null, epsilonSquared: null },
    mannWhitney: null,
    kruskalWallis: null,
    suppressed: true,
    perGroup: comparison.perGroup.map((g) =>
      names.has(g.group)
        ? { ...g, nValid: null, nNoOpinion: null, stats: null, rand: null, outcome: null, decidedBy: null, ruleIndex: null, guard: null, suppressed: true }
        : g,
    ),
  };
}

function readsGroup(key: string, group: string): boolean {
  const escaped = group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`group\\(\\s*["']([^"'=:]*[=:]\\s*)?${escaped}\\s*["']`).test(key);
}
