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
import { elementCodes, parsePairSubject, relationPairs, type RelationAnswer, type RelationsConfig } from './relations';

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
  /** Groups with fewer panelists than this get no map (the study's k). */
  minGroupSize: number;
  /** The facilitator's threshold instead of α; null for α. */
  threshold: number | null;
}

export interface RelationsAnalysisInput {
  round: number;
  config: RelationsConfig;
  answers: readonly (RelationAnswer & { panelist: string })[];
  /** Panelist → dimension → group, e.g. {p7: {role_level: 'strategic'}}. */
  groupsOfPanelist: ReadonlyMap<string, Readonly<Record<string, string>>>;
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
  const { groups, sides } = groupMaps(elements, ratings, input.groupsOfPanelist, settings);
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
      minGroupSize: settings.minGroupSize,
      threshold: settings.threshold,
    },
    cells: relationCellResults(input.round, asked, ratings, panelists.size, settings, input.previous),
    map,
    groups,
    sideDifferences: sides,
    change: mapChange(elements, map, input.previous),
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

/**
 * Each dimension's groups, ascending. A dimension with any group below the study's k shows no group
 * map at all: with the panel's figures beside the shown groups', the hidden one could be worked back.
 */
function groupMaps(
  elements: readonly string[],
  ratings: readonly RelationRating[],
  groupsOfPanelist: RelationsAnalysisInput['groupsOfPanelist'],
  settings: RelationsAnalysisSettings,
): { groups: RelationGroup[]; sides: SideDifference[] } {
  const answered = new Set(ratings.map((r) => r.panelist));
  const members = new Map<string, Map<string, Set<string>>>();
  for (const [panelist, groups] of groupsOfPanelist) {
    if (!answered.has(panelist)) continue;
    for (const [dimension, value] of Object.entries(groups)) {
      if (value === '') continue;
      const byValue = members.get(dimension) ?? new Map<string, Set<string>>();
      byValue.set(value, (byValue.get(value) ?? new Set()).add(panelist));
      members.set(dimension, byValue);
    }
  }
  const groups: RelationGroup[] = [];
  const sides: SideDifference[] = [];
  for (const dimension of [...members.keys()].sort(compareText)) {
    const byValue = members.get(dimension) as Map<string, Set<string>>;
    const values = [...byValue.keys()].sort(compareText);
    const small = values.filter((v) => (byValue.get(v) as Set<string>).size < settings.minGroupSize);
    const computed: Record<string, DematelResult> = {};
    for (const value of values) {
      const inGroup = byValue.get(value) as Set<string>;
      if (small.length > 0) {
        const message = small.includes(value)
          ? `suppressed: fewer than ${settings.minGroupSize} panelists`
          : `suppressed: group ${small.join(', ')} of ${dimension} has fewer than ${settings.minGroupSize} panelists, and its map could be worked back from this one`;
        groups.push({ dimension, group: value, nPanelists: null, map: { ok: false, reason: 'suppressed', message, direct: null, unrated: [] } });
        continue;
      }
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
