/**
 * Statistical disclosure control: the one rule that decides which group figures may be published
 * (design.md "Anonymity model"; quality.md "Insiders are attackers too").
 *
 * Design note. Every aggregate output of an item publishes distributions of answers: the overall
 * one and one per shown group of every attribute (results, reports, XLSX, JSON, participation).
 * These are linked tables in the sense of Hundepool et al., Statistical Disclosure Control (Wiley
 * 2012), ch. 4: several tables over the same respondents, where hiding a cell in one is useless if
 * it can be recovered from the others. The handbook's answer is primary suppression (cells below a
 * threshold) followed by secondary suppression (hide further cells until no suppressed cell can be
 * recovered from the margins); τ-ARGUS implements the latter with the hypercube (GHMITER) and
 * modular methods, which protect suppressed cells against recovery by additivity of the tables.
 * We do the same for the attack that matters in a panel of dozens, subtraction of multisets,
 * and because we hold each answer's attribute values (membership) we test nesting and overlap
 * exactly instead of assuming a hierarchy.
 *
 * The count. A published distribution reveals every answer in it: the valid ratings AND the
 * "cannot judge" answers (a recovered {cannot judge} singles someone out as well as a rating).
 * So the size of a group is its number of answers, n_valid + n_cannot_judge, equivalently the
 * number of panelists whose answer it publishes. Participation figures use panelists invited.
 *
 * The rule. Let U be the overall set of answers, Shown the groups published (all attributes), and
 * for each attribute A with a shown group R_A = U minus A's shown groups (its hidden groups plus the
 * answers without a value for A), taken when neither empty nor U: it is published by subtraction.
 * Let P = Shown ∪ {R_A}. For every G ∈ P ∪ {U} and every non-empty set S ⊆ P of pairwise-disjoint
 * sets each contained in G (by membership, G itself excluded): |G \ ∪S| = 0 or |G \ ∪S| ≥ k.
 *   - S = ∅ gives primary suppression: every shown group holds ≥ k answers. The overall is
 *     exempt from that case: it is the study's result (panelist feedback withholds it separately).
 *   - G = U and S = the shown groups of one attribute is the within-attribute complement: R_A
 *     holds 0 or ≥ k answers. A group whose only member answered "cannot judge" counts as 1, not
 *     as a second hidden group.
 *   - G of one attribute and S of others is the nesting attack: country=de {5,5,5,9} − role=a
 *     {5,5,5} = {9} is |G \ ∪S| = 1.
 *   - R_A on either side is the remainder attack: with a3 hidden, b3 − (U − a1 − a2) = {a1b3}.
 *
 * Algorithm. Primary: hide groups with fewer than k answers. Secondary, greedy: look for a
 * violating (G, S) (searchRemainder: every cell of G, a cell being one combination of attribute
 * values, is either covered by one chosen set or left over, and at most k − 1 answers may be
 * left over, which keeps the tree small), hide the smallest shown group involved (those in
 * S ∪ {G}, never U, and for an R_A there the shown groups of A that define it), recompute the
 * R_A and repeat until no violation is left. A whole attribute's breakdown may end hidden. This
 * is the handbook's greedy secondary suppression, with the exact subtraction attack as the audit.
 *
 * Why the fixed point is safe. (1) Each step hides a group that was shown, so the loop ends after
 * at most as many steps as there are groups (hiding a group may grow an R_A and so create new
 * pairs; progress does not rest on the violations decreasing). (2) Hiding a member of S or G
 * removes the violating pair: a hidden group is no longer published, and hiding a shown group of A
 * turns R_A into a strictly larger set. (3) At the fixed point the search found no violating pair
 * among the sets then published, and the search is exhaustive: any S with a remainder of 1 to
 * k − 1 answers is one assignment of G's cells (covered by the set of S that holds them, or left
 * over), and the search enumerates every assignment whose leftover stays below k; should its step
 * budget ever run out, the pair counts as a violation, which only hides more. Hence no difference
 * "G minus disjoint sets of P inside G", G the overall, a shown group or a remainder R_A, yields a
 * non-empty multiset of fewer than k answers. That includes G = a union of shown groups of one
 * attribute (it is U minus A's other shown groups and R_A, all disjoint) and partial remainders
 * such as U − a1 − S (U minus the disjoint family {a1} ∪ S). The adversarial test
 * (disclosure.test.ts, test/bench/disclosure-adversary.ts) checks the rule on random panels.
 *
 * Not covered (stated, not claimed): combinations not of the form "one set of P ∪ {U} minus
 * disjoint sets of P inside it", e.g. a union of groups of different attributes minus groups
 * inside it (a1 + b3 − c1, a1 and b3 disjoint, c1 inside their union but inside neither), nested
 * differences G − (H − S′), or integer combinations with coefficients other than ±1; the interval
 * (audit) bounds that τ-ARGUS also protects against; an attacker who knows answers of their own (a
 * panelist in a group of exactly k learns the other k − 1 answers as a multiset: the usual meaning
 * of k); and differences across items, rounds or exports of changing data (the published sets
 * differ, so they are separate tables).
 *
 * Long format. Pseudonymised per-person rows are protected by k-anonymity of the attribute
 * combination (Sweeney 2002; Samarati 2001): a combination shared by fewer than k panelists in the
 * file is coarsened by local recoding, the most finely divided attribute first (see coarsenCombinations).
 */

/** One published answer's (or panelist's) groups: attribute → value; a missing key is "no value". */
export type Membership = Readonly<Record<string, string>>;

/** attribute → groups to hide (primary and secondary). */
export type HiddenGroups = Record<string, Set<string>>;

/** Search steps per (G, candidates) before a search gives up and counts as a violation (sound: it only hides more). */
const SEARCH_BUDGET = 200_000;

interface Group {
  dimension: string;
  dimIndex: number;
  value: string;
  size: number;
  cells: Uint32Array;
  /** R_A of the rule (overall minus A's shown groups), not a group of its own. */
  remainder?: boolean;
}

function checkK(k: number) {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`disclosure threshold k must be an integer of at least 2, got ${k}`);
}

/**
 * The groups to hide so that no subtraction of published distributions isolates fewer than k
 * answers (the rule above). `members` holds one entry per published answer; `dimensions` the
 * attributes broken down, in study order (it breaks ties); `alreadyHidden` groups start hidden
 * (what another table set over other answers hides). Pure and deterministic.
 */
export function groupsToHide(members: readonly Membership[], dimensions: readonly string[], k: number, alreadyHidden?: HiddenGroups): HiddenGroups {
  checkK(k);
  const folded = cellsOf(members, dimensions);
  const preset = Object.fromEntries(Object.entries(alreadyHidden ?? {}).map(([d, names]) => [d, [...names].sort()]));
  // The items of a round are mostly answered by the same panelists: one search serves them all.
  const key = `${k}|${JSON.stringify(dimensions)}|${folded.signature}|${JSON.stringify(preset)}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    if (plans.size >= 256) plans.clear();
    plans.set(key, (plan = planFor(folded, members.length, dimensions, k, preset)));
  }
  return Object.fromEntries(Object.entries(plan).map(([d, names]) => [d, new Set(names)]));
}

const plans = new Map<string, Record<string, string[]>>();

function planFor(
  folded: ReturnType<typeof cellsOf>,
  total: number,
  dimensions: readonly string[],
  k: number,
  preset: Record<string, string[]>,
): Record<string, string[]> {
  const { groups, cells, words } = folded;
  const weights = cells.weights;
  // `preset`: groups another table set (another criterion's answers) hides, so hidden here too.
  const hidden = new Set<Group>(groups.filter((g) => g.size < k || preset[g.dimension]?.includes(g.value)));
  const overall: Group = { dimension: '', dimIndex: -1, value: '', size: total, cells: fullSet(weights.length, words) };
  for (;;) {
    const shown = groups.filter((g) => !hidden.has(g));
    const remainders = remaindersOf(dimensions, shown, overall);
    const violation = findViolation(overall, [...shown, ...remainders], cells, k);
    if (!violation) break;
    // A remainder is not a group one can hide: what gives it away are the shown groups of its attribute.
    const culprits = [violation.g, ...violation.s].flatMap((g) => (g === overall ? [] : g.remainder ? shown.filter((h) => h.dimension === g.dimension) : [g]));
    culprits.sort(bySizeThenOrder);
    hidden.add(culprits[0]);
  }
  const out: Record<string, string[]> = Object.fromEntries(dimensions.map((d) => [d, []]));
  for (const g of hidden) out[g.dimension].push(g.value);
  return out;
}

/**
 * Per attribute, R_A = overall minus its shown groups (its hidden groups and the answers without a
 * value for it): published by subtraction, so the search uses it like a group. Left out when empty
 * or the whole overall (nothing of the attribute shown), where it adds nothing.
 */
function remaindersOf(dimensions: readonly string[], shown: readonly Group[], overall: Group): Group[] {
  return dimensions.flatMap((dimension, dimIndex) => {
    const of = shown.filter((g) => g.dimension === dimension);
    if (of.length === 0) return [];
    const bits = overall.cells.slice();
    for (const g of of) andNotInto(bits, g.cells);
    const size = overall.size - of.reduce((sum, g) => sum + g.size, 0);
    if (size === 0) return [];
    return [{ dimension, dimIndex, value: '', size, cells: bits, remainder: true }];
  });
}

/** The first pair (G, S) that breaks the rule, in a fixed order, or undefined. */
function findViolation(overall: Group, shown: Group[], cells: Cells, k: number): { g: Group; s: Group[] } | undefined {
  // Per cell, the groups and remainders holding it, once for every G.
  const setsAt: Group[][] = cells.groupsOf.map((of) => of.filter((g) => g !== undefined));
  for (const r of shown) if (r.remainder) for (let c = 0; c < cells.weights.length; c++) if (has(r.cells, c)) setsAt[c].push(r);
  for (const g of [overall, ...shown]) {
    const inside = new Set(shown.filter((h) => h !== g && h.dimension !== g.dimension && subset(h.cells, g.cells)));
    if (inside.size === 0) continue;
    const found = searchRemainder(g, inside, cells, setsAt, k);
    if (found) return { g, s: found };
  }
  return undefined;
}

/**
 * Exhaustive search for a disjoint family S inside g leaving 1 to k − 1 answers. It walks g's
 * cells, heaviest first; each cell not yet covered is either covered by one candidate group
 * containing it (disjoint from those chosen and from the cells left over) or left over, which
 * spends its weight from a budget of k − 1. Every family S with a small remainder is one such
 * assignment, so nothing is missed; the budget keeps the tree small (at most k − 1 cells left over).
 */
function searchRemainder(g: Group, inside: ReadonlySet<Group>, cells: Cells, setsAt: readonly Group[][], k: number): Group[] | undefined {
  const order: number[] = [];
  for (let c = 0; c < cells.weights.length; c++) if (has(g.cells, c)) order.push(c);
  order.sort((a, b) => cells.weights[b] - cells.weights[a] || a - b);
  const covered = new Uint32Array(g.cells.length);
  const leftOver = new Uint32Array(g.cells.length);
  const chosen: Group[] = [];
  let steps = 0;
  const visit = (pos: number, spent: number): Group[] | undefined | 'budget' => {
    if (++steps > SEARCH_BUDGET) return 'budget';
    while (pos < order.length && has(covered, order[pos])) pos++;
    if (pos === order.length) return chosen.length > 0 && spent > 0 ? [...chosen] : undefined;
    const c = order[pos];
    for (const h of setsAt[c]) {
      if (!inside.has(h) || intersects(h.cells, covered) || intersects(h.cells, leftOver)) continue;
      chosen.push(h);
      orInto(covered, h.cells);
      const found = visit(pos + 1, spent);
      chosen.pop();
      andNotInto(covered, h.cells);
      if (found) return found;
    }
    if (spent + cells.weights[c] >= k) return undefined;
    leftOver[c >>> 5] |= 1 << (c & 31);
    const found = visit(pos + 1, spent + cells.weights[c]);
    leftOver[c >>> 5] &= ~(1 << (c & 31));
    return found;
  };
  const found = visit(0, 0);
  if (found === 'budget') return [[...inside].sort(bySizeThenOrder)[0]];
  return found;
}

function bySizeThenOrder(a: Group, b: Group): number {
  return a.size - b.size || a.dimIndex - b.dimIndex || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

interface Cells {
  weights: number[];
  /** Per cell, its group in each dimension (undefined where it has no value). */
  groupsOf: (Group | undefined)[][];
}

/** Members folded into cells (distinct combinations), each group a bitset over cells. */
function cellsOf(members: readonly Membership[], dimensions: readonly string[]) {
  const cellIndex = new Map<string, number>();
  const weights: number[] = [];
  const cellValues: (string | undefined)[][] = [];
  for (const m of members) {
    const values = dimensions.map((d) => m[d]);
    const key = JSON.stringify(values);
    let i = cellIndex.get(key);
    if (i === undefined) {
      cellIndex.set(key, (i = weights.length));
      weights.push(0);
      cellValues.push(values);
    }
    weights[i]++;
  }
  const words = Math.ceil(weights.length / 32);
  const groups: Group[] = [];
  const groupsOf: (Group | undefined)[][] = cellValues.map(() => []);
  dimensions.forEach((dimension, dimIndex) => {
    const byValue = new Map<string, Group>();
    cellValues.forEach((values, cell) => {
      const value = values[dimIndex];
      if (value === undefined) return;
      let g = byValue.get(value);
      if (!g) byValue.set(value, (g = { dimension, dimIndex, value, size: 0, cells: new Uint32Array(words) }));
      g.size += weights[cell];
      g.cells[cell >>> 5] |= 1 << (cell & 31);
      groupsOf[cell][dimIndex] = g;
    });
    groups.push(...[...byValue.values()].sort(bySizeThenOrder));
  });
  const signature = [...cellIndex]
    .map(([key, i]) => `${key}*${weights[i]}`)
    .sort()
    .join('|');
  return { groups, cells: { weights, groupsOf }, words, signature };
}

function fullSet(n: number, words: number): Uint32Array {
  const out = new Uint32Array(words);
  for (let i = 0; i < n; i++) out[i >>> 5] |= 1 << (i & 31);
  return out;
}

function has(bits: Uint32Array, c: number): boolean {
  return (bits[c >>> 5] & (1 << (c & 31))) !== 0;
}

function subset(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & ~b[i]) !== 0) return false;
  return true;
}

function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] & b[i]) !== 0) return true;
  return false;
}

function orInto(target: Uint32Array, a: Uint32Array) {
  for (let i = 0; i < a.length; i++) target[i] |= a[i];
}

function andNotInto(target: Uint32Array, a: Uint32Array) {
  for (let i = 0; i < a.length; i++) target[i] &= ~a[i];
}

/** Panelist feedback shows one distribution, the overall; with fewer than k valid ratings it is withheld. */
export function overallWithheld(nValid: number | null | undefined, k: number): boolean {
  return nValid === null || nValid === undefined || nValid < k;
}

export interface Coarsening {
  /** Per panelist (input order): attribute values as published ('' = none, null = withheld); null when left out. */
  shown: ((string | null)[] | null)[];
  /** attribute → panelists whose value is withheld in what is published. */
  withheld: Record<string, number>;
  leftOut: number;
}

/**
 * k-anonymity of attribute combinations for pseudonymised per-person rows (local recoding): while
 * some published combination is shared by fewer than k panelists, the value of the next attribute
 * (most distinct values first, then the later in study order) is withheld (null) for the
 * panelists in such combinations. Only they change, so a combination of k or more stays one.
 * Whoever is rare at every step ends with every value withheld; if fewer than k are, the smallest
 * other combination (then the first by value) is withheld entirely too, so the pool reaches k;
 * only when no other combination exists (fewer than k panelists in all) are they left out.
 * Deterministic for the same panel, so two exports of unchanged data coarsen the same way.
 */
export function coarsenCombinations(people: readonly Membership[], dimensions: readonly string[], k: number): Coarsening {
  checkK(k);
  const shown: ((string | null)[] | null)[] = people.map((p) => dimensions.map((d) => p[d] ?? ''));
  const distinct = dimensions.map((_, i) => new Set(shown.map((s) => s![i])).size);
  const order = dimensions.map((_, i) => i).sort((a, b) => distinct[b] - distinct[a] || b - a);
  const small = () => {
    const keys = shown.map((s) => (s === null ? null : JSON.stringify(s)));
    const counts = new Map<string, number>();
    for (const key of keys) if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    return keys.flatMap((key, i) => (key !== null && counts.get(key)! < k ? [i] : []));
  };
  for (const d of order) {
    const rare = small();
    if (rare.length === 0) break;
    for (const i of rare) shown[i]![d] = null;
  }
  const rest = small();
  if (rest.length > 0) {
    const sizes = new Map<string, number>();
    for (const x of shown) if (x !== null) sizes.set(JSON.stringify(x), (sizes.get(JSON.stringify(x)) ?? 0) + 1);
    const pool = JSON.stringify(shown[rest[0]]);
    const partner = [...sizes].filter(([key]) => key !== pool).sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))[0];
    shown.forEach((x, i) => {
      if (partner && x !== null && JSON.stringify(x) === partner[0]) shown[i] = dimensions.map(() => null);
    });
  }
  let leftOut = 0;
  for (const i of small()) {
    shown[i] = null;
    leftOut++;
  }
  const withheld: Record<string, number> = Object.fromEntries(dimensions.map((d, j) => [d, shown.filter((s) => s !== null && s[j] === null).length]));
  return { shown, withheld, leftOut };
}
