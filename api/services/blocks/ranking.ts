/** The ranking block (consensus-methods.md §6, §16): panelists order a set of 2..20 items, fully or their top k. */
import { z } from 'zod';
import type { BlockAnswer, Concordance, RankingConfig, RankingGroupResult, RankingResult } from '../../contract/blocks';
import type { Problem } from '../../errors';
import { analyseRanking, compareGroupRankings, DEFAULT_TOP_K, kendallW, rankingMidranks, rankingStability, type KendallResult } from '../../stats';
import type { BlockKindModule } from './kind';

export const MAX_RANKED_ITEMS = 20;

const code = z.string().trim().min(1).max(40);

const RankingConfigInputSchema = z
  .object({
    items: z.array(code).max(MAX_RANKED_ITEMS).optional().describe('The item codes to rank, 2..20; or give a category instead'),
    category: code.optional().describe("Rank every active item of this category (its code), in the study's item order"),
    topK: z.number().int().positive().nullable().default(null).describe('Rank only the first k (a top-k ranking); null: a full ranking'),
  })
  .strict();

function concordance(k: KendallResult): Concordance {
  return { m: k.m, w: k.w, chi2: k.chi2, df: k.df, p: k.p, permutationP: k.permutationP, band: k.band };
}

const emptyConcordance = (m: number): Concordance => ({ m, w: null, chi2: null, df: null, p: null, permutationP: null, band: null });

function checkConfig(input: unknown, context: Parameters<BlockKindModule<RankingConfig, RankingResult>['checkConfig']>[1]) {
  const body = input as z.output<typeof RankingConfigInputSchema>;
  const problems: Problem[] = [];
  let items: string[];
  if (body.category !== undefined) {
    if (body.items !== undefined) problems.push({ path: 'config.items', message: 'Give either the items or a category, not both.' });
    if (!context.categories.includes(body.category)) problems.push({ path: 'config.category', message: `There is no category ${body.category}.` });
    items = context.items.filter((i) => i.category === body.category).map((i) => i.code);
    if (items.length > MAX_RANKED_ITEMS) {
      problems.push({ path: 'config.category', message: `The category has ${items.length} items; a ranking takes at most ${MAX_RANKED_ITEMS}.` });
    }
  } else {
    items = body.items ?? [];
    const known = new Set(context.items.map((i) => i.code));
    const seen = new Set<string>();
    items.forEach((c, i) => {
      if (!known.has(c)) problems.push({ path: `config.items.${i}`, message: `There is no active item ${c}.` });
      else if (seen.has(c)) problems.push({ path: `config.items.${i}`, message: `${c} is listed twice.` });
      seen.add(c);
    });
  }
  if (items.length < 2 && problems.length === 0) {
    problems.push({ path: body.category === undefined ? 'config.items' : 'config.category', message: 'A ranking needs at least 2 items.' });
  }
  if (body.topK !== null && body.topK >= items.length && items.length >= 2) {
    problems.push({ path: 'config.topK', message: `A top-k ranking of ${items.length} items ranks fewer than ${items.length}; use null for a full ranking.` });
  }
  return { config: { items, topK: body.topK }, problems };
}

/**
 * One save is the panelist's whole ranking: each subject an item of the block at most once, with
 * a rank number 1..n (1..k in a top-k ranking) or null for unranked. Equal numbers are ties (§6.1).
 */
function checkAnswers(config: RankingConfig, answers: readonly BlockAnswer[]): Problem[] {
  const problems: Problem[] = [];
  const items = new Set(config.items);
  const highest = config.topK ?? config.items.length;
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!items.has(a.subject)) problems.push({ path: `answers.${i}.subject`, message: `${a.subject} is not an item of this ranking.` });
    else if (seen.has(a.subject)) problems.push({ path: `answers.${i}.subject`, message: `${a.subject} is ranked twice.` });
    seen.add(a.subject);
    if (a.cannotJudge) problems.push({ path: `answers.${i}.cannotJudge`, message: 'A ranking has no "cannot judge"; leave the item unranked instead.' });
    if (a.value !== null && (a.value < 1 || a.value > highest)) {
      problems.push({ path: `answers.${i}.value`, message: `A rank must be a whole number from 1 to ${highest}.` });
    }
  });
  if (config.topK !== null && answers.filter((a) => a.value !== null).length > config.topK) {
    problems.push({ path: 'answers', message: `Rank at most ${config.topK} items.` });
  }
  if (!answers.some((a) => a.value !== null)) problems.push({ path: 'answers', message: 'Rank at least one item.' });
  return problems;
}

/** Per attribute, the W and mean ranks of each group, and every pair's ρ (the "groups rank differently" flag). */
function groupsOf(rows: { ranks: number[]; groups: Record<string, string> }[], dimensions: readonly string[]) {
  const groups: Record<string, Record<string, RankingGroupResult>> = {};
  const pairs: RankingResult['groupPairs'] = [];
  for (const dimension of dimensions) {
    const values = [...new Set(rows.map((r) => r.groups[dimension] ?? '').filter((v) => v !== ''))].sort();
    const byValue: Record<string, RankingGroupResult> = {};
    for (const value of values) {
      const k = kendallW(rows.filter((r) => r.groups[dimension] === value).map((r) => r.ranks));
      byValue[value] = { ...concordance(k), meanRanks: k.meanRanks, suppressed: false };
    }
    groups[dimension] = byValue;
    for (const p of compareGroupRankings(byValue)) pairs.push({ attribute: dimension, ...p });
  }
  return { groups, pairs };
}

function analyse(config: RankingConfig, input: Parameters<BlockKindModule<RankingConfig, RankingResult>['analyse']>[1]): RankingResult {
  const n = config.items.length;
  const topK = config.topK ?? Math.min(DEFAULT_TOP_K, n);
  const index = new Map(config.items.map((c, i) => [c, i]));
  const rankings = [...input.answers].map(([panelist, answers]) => {
    const ranks: (number | null)[] = new Array<number | null>(n).fill(null);
    for (const a of answers) if (index.has(a.subject)) ranks[index.get(a.subject)!] = a.value;
    return { panelist, ranks };
  });
  const overall = analyseRanking({ items: config.items, rankings, topK });
  const usable = rankings.filter((r) => r.ranks.some((x) => x !== null));
  const rows = usable.map((r) => ({ ranks: rankingMidranks(r.ranks), groups: { ...(input.groups.get(r.panelist) ?? {}) } }));
  const { groups, pairs } = groupsOf(rows, input.dimensions);
  let previous: RankingResult['previous'] = null;
  if (input.previous) {
    const before = input.previous.result;
    const meanRanks = (r: RankingResult['ranked']) => (r.some((x) => x.meanRank === null) ? null : r.map((x) => x.meanRank!));
    const s = rankingStability(
      { items: before.items, meanRanks: meanRanks(before.ranked), w: before.overall.w },
      { items: config.items, meanRanks: overall.kendall.meanRanks, w: overall.kendall.w },
    );
    previous = { round: input.previous.round, rho: s.rho, wChange: s.wChange, commonItems: s.commonItems };
  }
  return {
    kind: 'ranking',
    items: [...config.items],
    n,
    topK,
    mPartial: overall.mPartial,
    mExcluded: overall.mExcluded,
    overall: concordance(overall.kendall),
    ranked: overall.ranked.map((r) => ({ item: r.item, meanRank: r.meanRank, medianRank: r.medianRank, topKCount: r.topKCount, topKPct: r.topKPct })),
    groups,
    groupPairs: pairs,
    groupsRankDifferently: pairs.some((p) => p.differs),
    previous,
    withheld: false,
  };
}

function disclose(result: RankingResult, hidden: Record<string, Set<string>> | 'all', withheld: boolean): RankingResult {
  const isHidden = (dimension: string, value: string) => withheld || hidden === 'all' || (hidden[dimension]?.has(value) ?? false);
  const groups: RankingResult['groups'] = {};
  for (const [dimension, byValue] of Object.entries(result.groups)) {
    groups[dimension] = Object.fromEntries(
      Object.entries(byValue).map(([value, g]) => [value, isHidden(dimension, value) ? { ...emptyConcordance(0), meanRanks: null, suppressed: true } : g]),
    );
  }
  const groupPairs = result.groupPairs.filter((p) => !isHidden(p.attribute, p.a) && !isHidden(p.attribute, p.b));
  const shown = { ...result, groups, groupPairs, groupsRankDifferently: groupPairs.some((p) => p.differs) };
  if (!withheld) return shown;
  return {
    ...shown,
    overall: emptyConcordance(result.overall.m),
    ranked: result.ranked.map((r) => ({ item: r.item, meanRank: null, medianRank: null, topKCount: 0, topKPct: null })),
    previous: null,
    withheld: true,
  };
}

export const rankingBlock: BlockKindModule<RankingConfig, RankingResult> = {
  kind: 'ranking',
  configSchema: RankingConfigInputSchema,
  checkConfig,
  items: (config) => [...config.items],
  subjects: (config) => [...config.items],
  replacesAll: true,
  checkAnswers,
  analyse,
  disclose,
  respondents: (result) => result.overall.m + result.mExcluded,
};
