/** Analysis of one closed round: every item's statistics, verdicts, stability and subgroups. */
import { asymmetryOf } from './asymmetry';
import { scaleContentValidity } from './content-validity';
import { CriteriaScope } from './criteria-scope';
import { decide, evaluateRecorded, type Decision } from './decide';
import { MetricScope } from './metric-scope';
import { adjustP } from './multiplicity';
import { compileProtocol, type CompiledProtocol } from './protocol';
import { otherQuantileMethod } from './quantiles';
import type { Answer, CriterionInput, ItemRoundInput, RoundAnalysisInput } from './round-input';
import type {
  AnalysisSettings,
  AsymmetryHeadline,
  CriterionResult,
  FamilyInfo,
  GroupComparison,
  ItemRoundResult,
  RoundAnalysis,
  RoundContentValidity,
} from './round-result';
import type { EvalScope } from './rules/evaluate';
import { isOnScale, type Scale } from './scale';
import { compareSubgroups } from './subgroups';

const EQUIVALENTS = {
  hf7: 'Hyndman-Fan type 7: R quantile(type = 7), numpy "linear", Excel PERCENTILE.INC / QUARTILE.INC',
  hf6: 'Hyndman-Fan type 6: SPSS HAVERAGE, Minitab, numpy "weibull", Excel PERCENTILE.EXC (clamped)',
} as const;

/**
 * Analyses one round (consensus-methods.md §1–§8): for every item the §3 statistics, the RAND/UCLA
 * block on 1–9 scales, the verdict (guard, ordered rules, default) with its audit trail, the
 * verdict under the other quantile method (sensitivity flag), stability against the previous round
 * of the same version, and per dimension the subgroup statistics, verdicts, Mann–Whitney or
 * Kruskal–Wallis test with p adjusted across the round's items, and the asymmetry view.
 * With named criteria (§15.1) each criterion's ratings get the statistics above on its own scale
 * and bands; the rules read them by name and give one verdict per item; relevance criteria add
 * I-CVI, Pc and κ* per item and S-CVI per round and category (§15.2).
 * Pure: no I/O, clock or randomness. Throws ProtocolError for an invalid protocol and RangeError
 * for invalid answers (off-scale or non-integer values, two answers from one panelist on one
 * criterion, an answer on an unknown criterion, nPresented < answers).
 */
export function analyseRound(input: RoundAnalysisInput): RoundAnalysis {
  const specs = input.criteria?.map((c) => ({ code: c.code, scale: c.scale, relevance: c.relevant !== null }));
  const compiled = compileProtocol(input.protocol, input.scale, input.dimensions, specs);
  const { protocol } = compiled;
  const items = input.items.map((item) => analyseItem(item, input, compiled));
  const families: Record<string, FamilyInfo> = {};
  const headlines: AsymmetryHeadline[] = [];
  const family = (comparisons: GroupComparison[], dimension: string): FamilyInfo => {
    const raw = comparisons.map((c) => c.p);
    const adjusted = adjustP(raw, protocol.multiplicity);
    comparisons.forEach((c, i) => (c.pAdjusted = adjusted[i]));
    return {
      dimension,
      method: protocol.multiplicity,
      alpha: protocol.alpha,
      m: raw.filter((p) => p !== null).length,
      nSignificantRaw: raw.filter((p) => p !== null && p < protocol.alpha).length,
      nSignificantAdjusted: adjusted.filter((p) => p !== null && p < protocol.alpha).length,
    };
  };
  for (const dimension of input.dimensions)
    families[dimension] = family(
      items.map((item) => item.groups[dimension]),
      dimension,
    );
  // With several criteria each criterion is its own family per dimension (the first's is `families` above).
  const byCriterion = grouped(items) ? (input.criteria ?? []).slice(1) : [];
  const criterionFamilies: Record<string, Record<string, FamilyInfo>> = {};
  for (const c of byCriterion) {
    criterionFamilies[c.code] = Object.fromEntries(
      input.dimensions.map((d) => [
        d,
        family(
          items.map((item) => criterionOf(item, c.code).groups![d]),
          d,
        ),
      ]),
    );
  }
  for (const item of items) {
    for (const dimension of input.dimensions) {
      const entry = asymmetryOf(item.groups[dimension], protocol.alpha);
      item.asymmetry[dimension] = entry;
      if (entry.headline !== null) {
        headlines.push({ itemId: item.itemId, dimension, split: entry.split, differs: entry.differs, headline: entry.headline });
      }
    }
    if (grouped([item])) {
      const [first, ...rest] = item.criteria!;
      first.asymmetry = item.asymmetry;
      for (const c of rest) {
        c.asymmetry = Object.fromEntries(input.dimensions.map((d) => [d, asymmetryOf(c.groups![d], protocol.alpha)]));
        for (const [dimension, entry] of Object.entries(c.asymmetry)) {
          if (entry.headline === null) continue;
          headlines.push({ itemId: item.itemId, dimension, criterion: c.criterion, split: entry.split, differs: entry.differs, headline: entry.headline });
        }
      }
    }
    const texts = Object.values(item.asymmetry).flatMap((a) => (a.headline === null ? [] : [a.headline]));
    item.headline = texts.length === 0 ? null : texts.join(' | ');
  }
  const analysis: RoundAnalysis = {
    round: input.round,
    quantileMethod: protocol.quantileMethod,
    settings: settingsOf(compiled, input),
    items,
    families,
    headlines,
  };
  if (byCriterion.length > 0) analysis.criterionFamilies = criterionFamilies;
  if (input.criteria?.some((c) => c.relevant !== null)) analysis.contentValidity = roundContentValidity(input, items);
  return analysis;
}

/** The items carry group comparisons per criterion: several named criteria (one keeps today's output). */
function grouped(items: readonly ItemRoundResult[]): boolean {
  return items.some((item) => (item.criteria?.length ?? 0) > 1 && item.criteria![0].groups !== undefined);
}

function criterionOf(item: ItemRoundResult, code: string): CriterionResult {
  return item.criteria!.find((c) => c.criterion === code)!;
}

/** S-CVI/Ave and /UA per relevance criterion, over the round's items and per category (§15.2). */
function roundContentValidity(input: RoundAnalysisInput, items: readonly ItemRoundResult[]): RoundContentValidity[] {
  return (input.criteria ?? [])
    .filter((c) => c.relevant !== null)
    .map((c) => {
      const rows = items.map((item, i) => ({ category: input.items[i].category, cvi: item.criteria?.find((r) => r.criterion === c.code)?.contentValidity }));
      const counts = (list: typeof rows) => list.flatMap((r) => (r.cvi ? [r.cvi] : []));
      const byCategory: RoundContentValidity['byCategory'] = {};
      for (const category of new Set(rows.flatMap((r) => (r.category === undefined ? [] : [r.category])))) {
        byCategory[category] = scaleContentValidity(counts(rows.filter((r) => r.category === category)));
      }
      return { criterion: c.code, overall: scaleContentValidity(counts(rows)), byCategory };
    });
}

function analyseItem(item: ItemRoundInput, input: RoundAnalysisInput, compiled: CompiledProtocol): ItemRoundResult {
  const { protocol } = compiled;
  const flags: string[] = [];
  let previous = item.previous ?? null;
  if (previous !== null && previous.versionId !== item.versionId) {
    flags.push('previous_version_mismatch');
    previous = null;
  }
  const named = input.criteria !== undefined;
  const criteria: CriterionInput[] = input.criteria ?? [{ code: '', scale: input.scale, bands: protocol.bands, relevant: null }];
  const current = byCriterion(item, item.answers, criteria, named);
  // The previous round's answers are split too (and checked) even when the versions differ.
  const earlier = item.previous ? byCriterion(item, item.previous.answers, criteria, named) : null;
  const scopes = new Map<string, MetricScope>();
  for (const c of criteria) {
    const answers = current.get(c.code)!;
    const before = previous === null ? null : { round: previous.round, answers: earlier!.get(c.code)! };
    checkAnswers(item, answers, before?.answers ?? [], c.scale);
    const data = {
      round: input.round,
      answers,
      previous: before,
      nSkipped: item.nPresented - answers.length,
      nPresented: item.nPresented,
      nInvited: item.nInvited ?? null,
      ranking: item.ranking ?? null,
    };
    const settings = {
      scale: c.scale,
      bands: c.bands,
      quantileMethod: protocol.quantileMethod,
      noOpinionPolicy: protocol.noOpinionPolicy,
      minValidN: protocol.minValidN,
      dimensions: input.dimensions,
      // With named criteria the stability rule may read several, so the item's scope evaluates it.
      stabilityRule: named ? null : (compiled.stability?.ast ?? null),
      relevant: c.relevant,
    };
    scopes.set(c.code, new MetricScope(data, settings));
  }
  const primary = scopes.get(criteria[0].code) as MetricScope;
  const scope = named ? new CriteriaScope(scopes, compiled.stability?.ast ?? null) : primary;
  const decision = decide(compiled, scope);
  const other = decide(compiled, scope.withMethod(otherQuantileMethod(protocol.quantileMethod)));
  const stable = scope.identifier('stable');
  const verdictScopes = new Map(input.dimensions.map((d) => [d, scope instanceof CriteriaScope ? scope.groupScopes(d) : null]));
  const compareOn = (s: MetricScope) => Object.fromEntries(input.dimensions.map((d) => [d, compareDimension(s, d, compiled, verdictScopes.get(d)!)]));
  const groups: Record<string, GroupComparison> = compareOn(primary);
  const result: ItemRoundResult = {
    itemId: item.itemId,
    versionId: item.versionId,
    round: input.round,
    quantileMethod: protocol.quantileMethod,
    nPresented: item.nPresented,
    nInvited: item.nInvited ?? null,
    stats: primary.describe(),
    rand: primary.rand(),
    outcome: decision.outcome,
    decidedBy: decision.decidedBy,
    ruleIndex: decision.ruleIndex,
    ruleText: decision.ruleText,
    guard: decision.guard,
    evaluations: decision.evaluations,
    metricsUsed: decision.metricsUsed,
    sensitivity: { otherMethod: other.quantileMethod, otherOutcome: other.outcome, differs: other.outcome !== decision.outcome },
    stability: primary.stability(),
    stable: typeof stable === 'boolean' ? stable : null,
    stopItem: stopItem(compiled, scope, decision, typeof stable === 'boolean' ? stable : null),
    groups,
    asymmetry: {},
    headline: null,
    flags,
  };
  if (named) {
    result.criteria = [...scopes].map(([criterion, s]) => ({
      criterion,
      stats: s.describe(),
      rand: s.rand(),
      stability: s.stability(),
      contentValidity: s.contentValidity(),
    }));
    if (criteria.length > 1) {
      // Every criterion gets its own subgroup tests (§15.1); each group's verdict stays the item's, across criteria.
      result.criteria.forEach((c, i) => {
        c.groups = i === 0 ? groups : compareOn(scopes.get(c.criterion)!);
        c.asymmetry = {};
      });
    }
  }
  return result;
}

/**
 * The answers per criterion code in one pass, in their order; without named criteria all of them
 * under ''. Every answer of a named-criteria round must be on one of its criteria.
 */
function byCriterion(item: ItemRoundInput, answers: readonly Answer[], criteria: readonly CriterionInput[], named: boolean): Map<string, readonly Answer[]> {
  if (!named) return new Map([[criteria[0].code, answers]]);
  const out = new Map<string, Answer[]>(criteria.map((c) => [c.code, []]));
  for (const a of answers) {
    const list = a.criterion === undefined ? undefined : out.get(a.criterion);
    if (list === undefined) throw new RangeError(`item ${item.itemId}: panelist ${a.panelist} answered on unknown criterion ${String(a.criterion)}`);
    list.push(a);
  }
  return out;
}

/**
 * The subgroup test on one criterion's ratings; each group's verdict from `verdictScopes`
 * (the group across every criterion) when the round names its criteria, else from the group itself.
 */
function compareDimension(
  scope: MetricScope,
  dimension: string,
  compiled: CompiledProtocol,
  verdictScopes: Map<string, CriteriaScope> | null,
): GroupComparison {
  const children = scope.groupsOf(dimension);
  const test = compareSubgroups(children.map((g) => ({ group: g.groupKey?.value ?? '', values: g.sorted })));
  const assigned = children.reduce((n, g) => n + g.data.answers.length, 0);
  return {
    ...test,
    dimension,
    pAdjusted: null,
    nUnassigned: scope.data.answers.length - assigned,
    suppressed: false,
    perGroup: children.map((g) => {
      const verdict = decide(compiled, verdictScopes?.get(g.groupKey?.value ?? '') ?? g);
      return {
        group: g.groupKey?.value ?? '',
        nValid: g.nValid,
        nNoOpinion: g.nNoOpinion,
        stats: g.describe(),
        rand: g.rand(),
        outcome: verdict.outcome,
        decidedBy: verdict.decidedBy,
        ruleIndex: verdict.ruleIndex,
        guard: verdict.guard,
        suppressed: false,
      };
    }),
  };
}

/** stop_item_when with `outcome` and `stable` bound (§5.1). */
function stopItem(compiled: CompiledProtocol, scope: MetricScope | CriteriaScope, decision: Decision, stable: boolean | null): boolean | null {
  if (compiled.stop === null) return null;
  const overlay: EvalScope = {
    identifier: (name) => (name === 'outcome' ? decision.outcome : name === 'stable' ? stable : scope.identifier(name)),
    call: (name, args) => scope.call(name, args),
    group: (selector) => scope.group(selector),
    groups: (dimension) => scope.groups(dimension),
    ...(scope instanceof CriteriaScope ? { criterion: (code: string) => scope.criterion(code), criteria: () => scope.criteria() } : {}),
  };
  return evaluateRecorded(compiled.stop.ast, compiled.stop.when, overlay, {});
}

function checkAnswers(item: ItemRoundInput, answers: readonly Answer[], previous: readonly Answer[], scale: Scale): void {
  const seen = new Set<string>();
  for (const a of answers) {
    if (seen.has(a.panelist)) throw new RangeError(`item ${item.itemId}: panelist ${a.panelist} answered twice`);
    seen.add(a.panelist);
    if (a.value !== null && !isOnScale(a.value, scale)) {
      throw new RangeError(`item ${item.itemId}: rating ${a.value} of panelist ${a.panelist} is not a point of ${scale.min}-${scale.max}`);
    }
  }
  if (!Number.isInteger(item.nPresented) || item.nPresented < answers.length) {
    throw new RangeError(`item ${item.itemId}: nPresented (${item.nPresented}) is below the number of answers (${answers.length})`);
  }
  for (const a of previous) {
    if (a.value !== null && !isOnScale(a.value, scale)) {
      throw new RangeError(`item ${item.itemId}: previous-round rating ${a.value} is not a point of ${scale.min}-${scale.max}`);
    }
  }
}

function settingsOf(compiled: CompiledProtocol, input: RoundAnalysisInput): AnalysisSettings {
  const p = compiled.protocol;
  return {
    scale: { ...input.scale },
    quantileMethod: p.quantileMethod,
    quantileMethodEquivalents: EQUIVALENTS[p.quantileMethod],
    noOpinionPolicy: p.noOpinionPolicy,
    minValidN: p.minValidN,
    maxNoOpinionShare: p.maxNoOpinionShare,
    bands: { agree: [...p.bands.agree], disagree: [...p.bands.disagree] },
    rules: p.rules.map((r) => ({ ...r })),
    defaultOutcome: p.defaultOutcome,
    stabilityRule: compiled.stability?.when ?? null,
    stopItemWhen: compiled.stop?.when ?? null,
    alpha: p.alpha,
    multiplicity: p.multiplicity,
    wPermutationSeed: p.wPermutationSeed,
    dimensions: [...input.dimensions],
    protocolVersion: p.version,
    lockedAt: p.lockedAt ?? null,
    ...(input.criteria
      ? {
          criteria: input.criteria.map((c) => ({
            code: c.code,
            scale: { min: c.scale.min, max: c.scale.max },
            bands: { agree: [...c.bands.agree], disagree: [...c.bands.disagree] },
            relevant: c.relevant === null ? null : [...c.relevant],
          })),
        }
      : {}),
  };
}
