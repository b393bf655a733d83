/** Analysis of one closed round: every item's statistics, verdicts, stability and subgroups. */
import { asymmetryOf } from './asymmetry';
import { decide, evaluateRecorded, type Decision } from './decide';
import { MetricScope } from './metric-scope';
import { adjustP } from './multiplicity';
import { compileProtocol, type CompiledProtocol } from './protocol';
import { otherQuantileMethod } from './quantiles';
import type { ItemRoundInput, RoundAnalysisInput } from './round-input';
import type { AnalysisSettings, AsymmetryHeadline, FamilyInfo, GroupComparison, ItemRoundResult, RoundAnalysis } from './round-result';
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
 * Pure: no I/O, clock or randomness. Throws ProtocolError for an invalid protocol and RangeError
 * for invalid answers (off-scale or non-integer values, two answers from one panelist,
 * nPresented < answers).
 */
export function analyseRound(input: RoundAnalysisInput): RoundAnalysis {
  const compiled = compileProtocol(input.protocol, input.scale, input.dimensions);
  const { protocol } = compiled;
  const items = input.items.map((item) => analyseItem(item, input, compiled));
  const families: Record<string, FamilyInfo> = {};
  const headlines: AsymmetryHeadline[] = [];
  for (const dimension of input.dimensions) {
    const comparisons = items.map((item) => item.groups[dimension]);
    const raw = comparisons.map((c) => c.p);
    const adjusted = adjustP(raw, protocol.multiplicity);
    comparisons.forEach((c, i) => (c.pAdjusted = adjusted[i]));
    families[dimension] = {
      dimension,
      method: protocol.multiplicity,
      alpha: protocol.alpha,
      m: raw.filter((p) => p !== null).length,
      nSignificantRaw: raw.filter((p) => p !== null && p < protocol.alpha).length,
      nSignificantAdjusted: adjusted.filter((p) => p !== null && p < protocol.alpha).length,
    };
  }
  for (const item of items) {
    for (const dimension of input.dimensions) {
      const entry = asymmetryOf(item.groups[dimension], protocol.alpha);
      item.asymmetry[dimension] = entry;
      if (entry.headline !== null) {
        headlines.push({ itemId: item.itemId, dimension, split: entry.split, differs: entry.differs, headline: entry.headline });
      }
    }
    const texts = Object.values(item.asymmetry).flatMap((a) => (a.headline === null ? [] : [a.headline]));
    item.headline = texts.length === 0 ? null : texts.join(' | ');
  }
  return { round: input.round, quantileMethod: protocol.quantileMethod, settings: settingsOf(compiled, input), items, families, headlines };
}

function analyseItem(item: ItemRoundInput, input: RoundAnalysisInput, compiled: CompiledProtocol): ItemRoundResult {
  checkAnswers(item, input.scale);
  const { protocol } = compiled;
  const flags: string[] = [];
  let previous = item.previous ?? null;
  if (previous !== null && previous.versionId !== item.versionId) {
    flags.push('previous_version_mismatch');
    previous = null;
  }
  const scope = new MetricScope(
    {
      round: input.round,
      answers: item.answers,
      previous,
      nSkipped: item.nPresented - item.answers.length,
      nPresented: item.nPresented,
      nInvited: item.nInvited ?? null,
    },
    {
      scale: input.scale,
      bands: protocol.bands,
      quantileMethod: protocol.quantileMethod,
      noOpinionPolicy: protocol.noOpinionPolicy,
      minValidN: protocol.minValidN,
      dimensions: input.dimensions,
      stabilityRule: compiled.stability?.ast ?? null,
    },
  );
  const decision = decide(compiled, scope);
  const other = decide(compiled, scope.withMethod(otherQuantileMethod(protocol.quantileMethod)));
  const stable = scope.identifier('stable');
  const groups: Record<string, GroupComparison> = {};
  for (const dimension of input.dimensions) groups[dimension] = compareDimension(scope, dimension, compiled);
  return {
    itemId: item.itemId,
    versionId: item.versionId,
    round: input.round,
    quantileMethod: protocol.quantileMethod,
    nPresented: item.nPresented,
    nInvited: item.nInvited ?? null,
    stats: scope.describe(),
    rand: scope.rand(),
    outcome: decision.outcome,
    decidedBy: decision.decidedBy,
    ruleIndex: decision.ruleIndex,
    ruleText: decision.ruleText,
    guard: decision.guard,
    evaluations: decision.evaluations,
    metricsUsed: decision.metricsUsed,
    sensitivity: { otherMethod: other.quantileMethod, otherOutcome: other.outcome, differs: other.outcome !== decision.outcome },
    stability: scope.stability(),
    stable: typeof stable === 'boolean' ? stable : null,
    stopItem: stopItem(compiled, scope, decision, typeof stable === 'boolean' ? stable : null),
    groups,
    asymmetry: {},
    headline: null,
    flags,
  };
}

function compareDimension(scope: MetricScope, dimension: string, compiled: CompiledProtocol): GroupComparison {
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
      const verdict = decide(compiled, g);
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
function stopItem(compiled: CompiledProtocol, scope: MetricScope, decision: Decision, stable: boolean | null): boolean | null {
  if (compiled.stop === null) return null;
  const overlay: EvalScope = {
    identifier: (name) => (name === 'outcome' ? decision.outcome : name === 'stable' ? stable : scope.identifier(name)),
    call: (name, args) => scope.call(name, args),
    group: (selector) => scope.group(selector),
    groups: (dimension) => scope.groups(dimension),
  };
  return evaluateRecorded(compiled.stop.ast, compiled.stop.when, overlay, {});
}

function checkAnswers(item: ItemRoundInput, scale: Scale): void {
  const seen = new Set<string>();
  for (const a of item.answers) {
    if (seen.has(a.panelist)) throw new RangeError(`item ${item.itemId}: panelist ${a.panelist} answered twice`);
    seen.add(a.panelist);
    if (a.value !== null && !isOnScale(a.value, scale)) {
      throw new RangeError(`item ${item.itemId}: rating ${a.value} of panelist ${a.panelist} is not a point of ${scale.min}-${scale.max}`);
    }
  }
  if (!Number.isInteger(item.nPresented) || item.nPresented < item.answers.length) {
    throw new RangeError(`item ${item.itemId}: nPresented (${item.nPresented}) is below the number of answers (${item.answers.length})`);
  }
  for (const a of item.previous?.answers ?? []) {
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
  };
}
