/**
 * The analysis of a relations block at close (consensus-methods.md §17, §7): per relation the §3
 * statistics and the relation rules' verdict, the panel's influence map and each subgroup's, the
 * elements whose cause/effect side differs between groups, and what changed since the previous round.
 * The DEMATEL arithmetic is api/stats/dematel.ts, the same code the `relations` CLI runs.
 */
import type { NoOpinionPolicy, Protocol, QuantileMethod } from '../../contract/protocol';
import type {
  MapChange,
  MapResult,
  RelationCellResult,
  RelationGroup,
  RelationPair,
  RelationStability,
  RelationsResult,
  SideDifference,
} from '../../contract/relations';
import { decide } from '../../stats/decide';
import { dematel, directMatrix, RELATION_SCALE, sideDifferences, type DematelResult, type RelationRating } from '../../stats/dematel';
import { finiteOrNull } from '../../stats/finite';
import { compareText, MetricScope } from '../../stats/metric-scope';
import { compileProtocol } from '../../stats/protocol';
import { defaultBands } from '../../stats/scale';
import { distributionChange } from '../../stats/stability';
import type { BlockAnswer, RelationsConfig } from '../../contract/blocks';
import { elementCodes, parsePairSubject, relationPairs } from './relations-pairs';

/** Strong influence is 3–4 (high, very high); weak or none is 0–1 (§17). */
export const RELATION_BANDS = defaultBands(RELATION_SCALE);

/**
 * The verdict on a relation (§17's example "panel agrees capacity imbalance strongly drives power
 * distance"): agreement that the influence is strong, or that it is weak or absent, each with the
 * conventional IQR ≤ 1 of a 5-point scale (§3.6). A design choice, recorded in every result.
 */
export const RELATION_RULES = [
  { outcome: 'consensus_in', when: 'median >= 3 AND iqr <= 1' },
  { outcome: 'consensus_out', when: 'median <= 1 AND iqr <= 1' },
];
export const RELATION_DEFAULT_OUTCOME = 'no_consensus';
/** §7.1: the conventional 15 %, strictly below. */
export const STABLE_BELOW_PCT = 15;

export interface RelationsAnalysisSettings {
  quantileMethod: QuantileMethod;
  noOpinionPolicy: NoOpinionPolicy;
  /** The study's §1.1 guard, applied to every relation. */
  minValidN: number;
  maxNoOpinionShare: number;
  /** The facilitator's threshold instead of α; null for α. */
  threshold: number | null;
}

export interface RelationsAnalysisInput {
  round: number;
  config: RelationsConfig;
  answers: readonly (BlockAnswer & { panelist: string })[];
  /** Panelist → dimension → group, e.g. {p7: {role_level: 'strategic'}}. */
  groupsOfPanelist: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** The study's attributes: the dimensions groups are compared along. */
  dimensions: readonly string[];
  /** The block's frozen result of the previous round, for §7 stability. */
  previous: RelationsResult | null;
  settings: RelationsAnalysisSettings;
}

export function analyseRelationsBlock(input: RelationsAnalysisInput): RelationsResult {
  const { config, settings } = input;
  const elements = elementCodes(config);
  const asked = relationPairs(config);
  const askedKeys = new Set(asked.map((p) => `${p.from}>${p.to}`));
  const ratings: RelationRating[] = [];
  for (const a of input.answers) {
    const pair = parsePairSubject(a.subject);
    // Stored answers were checked on save; a pair the block no longer asks is not part of its map.
    if (pair === null || !askedKeys.has(a.subject)) continue;
    ratings.push({ panelist: a.panelist, from: pair.from, to: pair.to, rating: a.cannotJudge ? null : a.value });
  }
  const panelists = new Set(ratings.map((r) => r.panelist));
  const map = toMapResult(dematel(directMatrix(elements, ratings), thresholdOption(settings)));
  const { groups, sides } = groupMaps(elements, ratings, input, settings);
  return {
    kind: 'relations',
    round: input.round,
    elements,
    nPanelists: panelists.size,
    settings: {
      scale: { min: 0, max: 4 },
      bands: { agree: [...RELATION_BANDS.agree], disagree: [...RELATION_BANDS.disagree] },
      rules: RELATION_RULES.map((r) => ({ ...r })),
      defaultOutcome: RELATION_DEFAULT_OUTCOME,
      minValidN: settings.minValidN,
      maxNoOpinionShare: settings.maxNoOpinionShare,
      stableBelowPct: STABLE_BELOW_PCT,
      threshold: settings.threshold,
    },
    cells: relationCellResults(input.round, asked, ratings, panelists.size, settings, input.previous),
    map,
    groups,
    sideDifferences: sides,
    change: mapChange(elements, map, input.previous),
    withheld: false,
  };
}

function thresholdOption(settings: RelationsAnalysisSettings): { threshold?: number } {
  return settings.threshold === null ? {} : { threshold: settings.threshold };
}

function toMapResult(result: DematelResult): MapResult {
  if (!result.ok) return { ok: false, reason: result.reason, message: result.message, direct: result.direct, unrated: result.unrated };
  const { ok, direct, unrated, s, total, d, r, prominence, relation, threshold, thresholdSource, edges } = result;
  return { ok, direct, unrated, s, total, d, r, prominence, relation, threshold, thresholdSource, edges };
}

function relationCellResults(
  round: number,
  asked: readonly RelationPair[],
  ratings: readonly RelationRating[],
  nPanelists: number,
  settings: RelationsAnalysisSettings,
  previous: RelationsResult | null,
): RelationCellResult[] {
  const compiled = compileProtocol(relationProtocol(settings), RELATION_SCALE, []);
  const byPair = new Map<string, RelationRating[]>();
  for (const r of ratings) {
    const key = `${r.from}>${r.to}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  const before = new Map((previous?.cells ?? []).map((c) => [`${c.from}>${c.to}`, c]));
  return asked.map(({ from, to }) => {
    const key = `${from}>${to}`;
    const answers = (byPair.get(key) ?? []).map((r) => ({ panelist: r.panelist, value: r.rating, groups: {} }));
    const scope = new MetricScope(
      { round, answers, previous: null, nSkipped: nPanelists - answers.length, nPresented: nPanelists, nInvited: null },
      {
        scale: RELATION_SCALE,
        bands: RELATION_BANDS,
        quantileMethod: settings.quantileMethod,
        noOpinionPolicy: settings.noOpinionPolicy,
        minValidN: settings.minValidN,
        dimensions: [],
        stabilityRule: null,
      },
    );
    const stats = scope.describe();
    const verdict = decide(compiled, scope);
    const earlier = before.get(key);
    return {
      from,
      to,
      stats,
      outcome: verdict.outcome,
      decidedBy: verdict.decidedBy,
      ruleIndex: verdict.ruleIndex,
      guard: verdict.guard,
      stability: previous === null || earlier === undefined ? null : relationStability(previous.round, earlier, stats),
    };
  });
}

function relationProtocol(settings: RelationsAnalysisSettings): Protocol {
  return {
    version: 1,
    quantileMethod: settings.quantileMethod,
    noOpinionPolicy: settings.noOpinionPolicy,
    minValidN: settings.minValidN,
    maxNoOpinionShare: settings.maxNoOpinionShare,
    bands: { agree: [...RELATION_BANDS.agree], disagree: [...RELATION_BANDS.disagree] },
    rules: RELATION_RULES,
    defaultOutcome: RELATION_DEFAULT_OUTCOME,
    stability: { when: '' },
  };
}

/** §7.1 Scheibe change from the two frozen distributions (no answer is carried forward) and §7.5 ΔCV. */
function relationStability(previousRound: number, earlier: RelationCellResult, stats: RelationCellResult['stats']): RelationStability {
  const change = distributionChange(
    earlier.stats.freq.map((f) => f.count),
    stats.freq.map((f) => f.count),
  );
  const changePct = change === null ? null : change.toNumber();
  return {
    previousRound,
    nPrevious: earlier.stats.nValid,
    nCurrent: stats.nValid,
    changePct,
    stable: change === null ? null : change.toNumber() < STABLE_BELOW_PCT,
    medianPrevious: earlier.stats.median,
    medianCurrent: stats.median,
    cvPrevious: earlier.stats.cv,
    cvCurrent: stats.cv,
    deltaCv: earlier.stats.cv === null || stats.cv === null ? null : finiteOrNull(stats.cv - earlier.stats.cv),
  };
}

/** Each dimension's groups (ascending) and their maps; the disclosure rule hides small ones when the result is shown (disclose). */
function groupMaps(
  elements: readonly string[],
  ratings: readonly RelationRating[],
  input: Pick<RelationsAnalysisInput, 'groupsOfPanelist' | 'dimensions'>,
  settings: RelationsAnalysisSettings,
): { groups: RelationGroup[]; sides: SideDifference[] } {
  const answered = new Set(ratings.map((r) => r.panelist));
  const groups: RelationGroup[] = [];
  const sides: SideDifference[] = [];
  for (const dimension of [...input.dimensions].sort(compareText)) {
    const byValue = new Map<string, Set<string>>();
    for (const [panelist, membership] of input.groupsOfPanelist) {
      const value = membership[dimension];
      if (!answered.has(panelist) || value === undefined || value === '') continue;
      byValue.set(value, (byValue.get(value) ?? new Set()).add(panelist));
    }
    const computed: Record<string, DematelResult> = {};
    for (const value of [...byValue.keys()].sort(compareText)) {
      const inGroup = byValue.get(value) as Set<string>;
      const result = dematel(
        directMatrix(
          elements,
          ratings.filter((r) => inGroup.has(r.panelist)),
        ),
        thresholdOption(settings),
      );
      computed[value] = result;
      groups.push({ dimension, group: value, nPanelists: inGroup.size, map: toMapResult(result) });
    }
    for (const side of sideDifferences(elements, computed)) sides.push({ dimension, ...side });
  }
  return { groups, sides };
}

/** Edges that appeared or went, and elements that changed side, since the previous round's map. */
function mapChange(elements: readonly string[], map: MapResult, previous: RelationsResult | null): MapChange | null {
  if (previous === null || !map.ok || !previous.map.ok) return null;
  const before = previous.map;
  const key = (e: RelationPair) => `${e.from}>${e.to}`;
  const was = new Set(before.edges.map(key));
  const now = new Set(map.edges.map(key));
  const sideBefore = new Map(previous.elements.map((code, i) => [code, side(before.relation[i])]));
  return {
    previousRound: previous.round,
    edgesAdded: map.edges.filter((e) => !was.has(key(e))).map(({ from, to }) => ({ from, to })),
    edgesRemoved: before.edges.filter((e) => !now.has(key(e))).map(({ from, to }) => ({ from, to })),
    sideChanged: elements.filter((code, i) => {
      const earlier = sideBefore.get(code);
      const current = side(map.relation[i]);
      return earlier !== undefined && earlier !== 0 && current !== 0 && earlier !== current;
    }),
  };
}

/** 1 cause, −1 effect, 0 neither: |D − R| ≤ 1e-12 is no side, as in sideDifferences. */
function side(relation: number): number {
  return Math.abs(relation) <= 1e-12 ? 0 : Math.sign(relation);
}
