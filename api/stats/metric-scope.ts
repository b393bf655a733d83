/**
 * The metrics one item × round × (sub)group exposes to the rule language (consensus-methods.md
 * §5.3), computed lazily and exactly: counts, quantiles, percentages, IPRAS parts and change_pct
 * are Rationals; sd, cv, p-values and κ are floats.
 */
import { countInRange, describeSorted, pctDenominator, sortRatings, type Descriptives, type NoOpinionPolicy } from './describe';
import { quantileCenti, type QuantileMethod } from './quantiles';
import { iprasExact, randUcla, type RandBlock } from './ram';
import { Rational } from './rational';
import type { Answer, ItemRankFigures } from './round-input';
import { parseGroupSelector } from './rules/catalogue';
import { evaluate, toNumber, type EvalScope, type GroupEntry, type Value } from './rules/evaluate';
import type { Node } from './rules/parser';
import { isRandScale, type Band, type Bands, type Scale } from './scale';
import { itemContentValidity, type ItemContentValidity } from './content-validity';
import { distributionChange, frequencies, itemStability, type StabilityResult } from './stability';

export interface ScopeSettings {
  scale: Scale;
  bands: Bands;
  quantileMethod: QuantileMethod;
  noOpinionPolicy: NoOpinionPolicy;
  minValidN: number;
  /** Dimensions whose groups the item scope exposes (empty inside a group). */
  dimensions: readonly string[];
  /** The parsed stability rule, evaluated for the identifier `stable`. */
  stabilityRule: Node | null;
  /** Relevant band of a relevance criterion (§15.2): icvi and kappa_star are null without it. */
  relevant?: Band | null;
}

export interface ScopeData {
  round: number;
  answers: readonly Answer[];
  /** The same item version's previous round, restricted to this (sub)group. */
  previous: { round: number; answers: readonly Answer[] } | null;
  nSkipped: number | null;
  nPresented: number | null;
  nInvited: number | null;
  /** The ranking that ranks the item this round, if any (§16). */
  ranking?: ItemRankFigures | null;
}

/** An EvalScope over one (sub)group's answers, which also serves the descriptive outputs. */
export class MetricScope implements EvalScope {
  readonly sorted: number[];
  readonly nNoOpinion: number;
  private readonly memo = new Map<string, Value>();
  private descriptives: Descriptives | undefined;
  private randBlock: RandBlock | null | undefined;
  private stabilityResult: StabilityResult | null | undefined;
  private children: Map<string, MetricScope[]> | undefined;

  constructor(
    readonly data: ScopeData,
    readonly settings: ScopeSettings,
    private readonly parent: MetricScope | null = null,
    /** Dimension and value when this scope is a subgroup. */
    readonly groupKey: { dimension: string; value: string } | null = null,
    /** The sorted valid ratings and the no-opinion count of these same answers, when already known. */
    counted?: { sorted: number[]; nNoOpinion: number },
  ) {
    if (counted) {
      this.sorted = counted.sorted;
      this.nNoOpinion = counted.nNoOpinion;
      return;
    }
    const valid: number[] = [];
    let noOpinion = 0;
    for (const a of data.answers) {
      if (a.value === null) noOpinion++;
      else valid.push(a.value);
    }
    this.sorted = sortRatings(valid);
    this.nNoOpinion = noOpinion;
  }

  /** The same data under another quantile method (for the §2.4 sensitivity check). */
  withMethod(method: QuantileMethod): MetricScope {
    return new MetricScope(this.data, { ...this.settings, quantileMethod: method }, null, this.groupKey, this);
  }

  get nValid(): number {
    return this.sorted.length;
  }

  describe(): Descriptives {
    this.descriptives ??= describeSorted(this.sorted, {
      scale: this.settings.scale,
      bands: this.settings.bands,
      quantileMethod: this.settings.quantileMethod,
      noOpinionPolicy: this.settings.noOpinionPolicy,
      nNoOpinion: this.nNoOpinion,
      nSkipped: this.data.nSkipped,
    });
    return this.descriptives;
  }

  /** RAND/UCLA block on 1–9 scales, else null. */
  rand(): RandBlock | null {
    if (this.randBlock === undefined) {
      this.randBlock = isRandScale(this.settings.scale) ? randUcla(this.sorted, this.settings.quantileMethod) : null;
    }
    return this.randBlock;
  }

  stability(): StabilityResult | null {
    if (this.stabilityResult === undefined) {
      const prev = this.data.previous;
      this.stabilityResult = prev === null ? null : itemStability(prev, this.data.answers, this.settings.scale, this.settings.bands);
    }
    return this.stabilityResult;
  }

  /** I-CVI, Pc and κ* (§15.2) of a relevance criterion; null on any other. */
  contentValidity(): ItemContentValidity | null {
    const band = this.settings.relevant;
    return band ? itemContentValidity(this.nValid, countInRange(this.sorted, band[0], band[1])) : null;
  }

  /** Subgroups of one dimension, sorted by value; answers without that dimension are left out. */
  groupsOf(dimension: string): MetricScope[] {
    if (this.parent !== null) return this.parent.groupsOf(dimension);
    this.children ??= new Map();
    let list = this.children.get(dimension);
    if (list === undefined) {
      list = this.partition(dimension);
      this.children.set(dimension, list);
    }
    return list;
  }

  /** A rank identifier: the whole panel's ranking only (the checker refuses them per group). */
  private rankFigure(name: 'w' | 'w_p' | 'w_change' | 'rho_previous' | 'mean_rank' | 'pct_top_k'): Value {
    const r = this.parent === null ? this.data.ranking : null;
    if (!r) return null;
    const figure = { w: r.w, w_p: r.wP, w_change: r.wChange, rho_previous: r.rhoPrevious, mean_rank: r.meanRank, pct_top_k: r.pctTopK }[name];
    return figure === null || !Number.isFinite(figure) ? null : figure;
  }

  identifier(name: string): Value {
    if (this.memo.has(name)) return this.memo.get(name) as Value;
    const value = this.compute(name);
    this.memo.set(name, value);
    return value;
  }

  call(name: 'pct_range' | 'count_range' | 'quantile', args: readonly Value[]): Value {
    const numbers = args.map((a) => (a instanceof Rational || typeof a === 'number' ? toNumber(a) : null));
    if (numbers.some((n) => n === null)) return null;
    const [a, b] = numbers as number[];
    if (name === 'quantile') {
      if (!Number.isInteger(a) || a < 0 || a > 100) return null;
      return centi(quantileCenti(this.sorted, a, this.settings.quantileMethod));
    }
    const k = countInRange(this.sorted, a, b);
    if (name === 'count_range') return Rational.of(k);
    return this.percent(k);
  }

  group(selector: string): EvalScope | null {
    const { dimension, value } = parseGroupSelector(selector);
    const dims = dimension === null ? this.allDimensions() : [dimension];
    const found = dims.flatMap((d) => this.groupsOf(d).filter((g) => g.groupKey?.value === value));
    return found.length === 1 ? found[0] : null;
  }

  groups(dimension: string | null): readonly GroupEntry[] {
    const dims = dimension === null ? this.allDimensions() : [dimension];
    return dims.flatMap((d) =>
      this.groupsOf(d).map((scope) => ({
        dimension: d,
        value: scope.groupKey?.value ?? '',
        eligible: scope.nValid >= this.settings.minValidN,
        scope,
      })),
    );
  }

  private allDimensions(): readonly string[] {
    return (this.parent ?? this).settings.dimensions;
  }

  private partition(dimension: string): MetricScope[] {
    const byValue = new Map<string, Answer[]>();
    for (const a of this.data.answers) {
      const v = a.groups[dimension];
      if (v === undefined || v === '') continue;
      let list = byValue.get(v);
      if (!list) byValue.set(v, (list = []));
      list.push(a);
    }
    const prev = this.data.previous;
    return [...byValue.keys()].sort(compareText).map(
      (value) =>
        new MetricScope(
          {
            round: this.data.round,
            answers: byValue.get(value) as Answer[],
            previous: prev === null ? null : { round: prev.round, answers: prev.answers.filter((a) => a.groups[dimension] === value) },
            nSkipped: null,
            nPresented: null,
            nInvited: null,
          },
          { ...this.settings, dimensions: [] },
          this,
          { dimension, value },
        ),
    );
  }

  private percent(k: number): Value {
    const n = pctDenominator(this.nValid, this.nNoOpinion, this.settings.noOpinionPolicy);
    return n === 0 ? null : Rational.of(100 * k, n);
  }

  private band(which: 'agree' | 'disagree'): Value {
    const [lo, hi] = this.settings.bands[which];
    return this.percent(countInRange(this.sorted, lo, hi));
  }

  private compute(name: string): Value {
    const n = this.nValid;
    const method = this.settings.quantileMethod;
    const q = (p: number) => centi(quantileCenti(this.sorted, p, method));
    const ipras = () => {
      const c30 = quantileCenti(this.sorted, 30, method);
      const c70 = quantileCenti(this.sorted, 70, method);
      return c30 === null || c70 === null || !isRandScale(this.settings.scale) ? null : { c30, c70, ...iprasExact(c30, c70) };
    };
    switch (name) {
      case 'n_valid':
        return Rational.of(n);
      case 'n_no_opinion':
        return Rational.of(this.nNoOpinion);
      case 'n_skipped':
        return count(this.data.nSkipped);
      case 'n_presented':
        return count(this.data.nPresented);
      case 'n_invited':
        return count(this.data.nInvited);
      case 'round':
        return Rational.of(this.data.round);
      case 'median':
        return q(50);
      case 'q1':
        return q(25);
      case 'q3':
        return q(75);
      case 'iqr': {
        const c1 = quantileCenti(this.sorted, 25, method);
        const c3 = quantileCenti(this.sorted, 75, method);
        return c1 === null || c3 === null ? null : Rational.of(c3 - c1, 100);
      }
      case 'mean':
        return n === 0
          ? null
          : Rational.of(
              this.sorted.reduce((s, x) => s + x, 0),
              n,
            );
      case 'sd':
        return this.describe().sd;
      case 'cv':
        return this.describe().cv;
      case 'mode_share': {
        if (n === 0) return null;
        return Rational.of(Math.max(...this.describe().freq.map((f) => f.count)), n);
      }
      case 'pct_agree':
        return this.band('agree');
      case 'pct_disagree':
        return this.band('disagree');
      case 'pct_neutral': {
        const d = this.describe().neutral;
        return d.n === 0 ? null : Rational.of(100 * d.k, d.n);
      }
      case 'p30':
        return isRandScale(this.settings.scale) ? q(30) : null;
      case 'p70':
        return isRandScale(this.settings.scale) ? q(70) : null;
      case 'ipr': {
        const x = ipras();
        return x === null ? null : Rational.of(x.ipr400, 400);
      }
      case 'ipras': {
        const x = ipras();
        return x === null ? null : Rational.of(x.ipras400, 400);
      }
      case 'di': {
        const x = ipras();
        return x === null ? null : Rational.of(x.ipr400, x.ipras400);
      }
      case 'disagreement_ipras':
        return ipras()?.disagreement ?? null;
      case 'disagreement_classic':
        return this.rand()?.classic.disagreement ?? null;
      case 'ram_class':
        return this.rand()?.ramClass ?? null;
      case 'change_pct': {
        const prev = this.data.previous;
        if (prev === null) return null;
        const before = prev.answers.flatMap((a) => (a.value === null ? [] : [a.value]));
        return distributionChange(frequencies(before, this.settings.scale), frequencies(this.sorted, this.settings.scale));
      }
      case 'wilcoxon_p':
        return this.stability()?.wilcoxon.p ?? null;
      case 'mcnemar_p':
        return this.stability()?.mcnemar.pExact ?? null;
      case 'kappa':
        return this.stability()?.kappa.kappa ?? null;
      case 'delta_cv':
        return this.stability()?.deltaCv ?? null;
      case 'icvi': {
        const cvi = this.contentValidity();
        return cvi === null || cvi.icvi === null ? null : Rational.of(cvi.nRelevant, cvi.n);
      }
      case 'kappa_star':
        return this.contentValidity()?.kappa ?? null;
      case 'stable': {
        const rule = this.settings.stabilityRule;
        if (rule === null) return null;
        const v = evaluate(rule, this);
        return typeof v === 'boolean' ? v : null;
      }
      case 'w':
      case 'w_p':
      case 'w_change':
      case 'rho_previous':
      case 'mean_rank':
      case 'pct_top_k':
        return this.rankFigure(name);
      default:
        // `outcome` has no value in a rating scope.
        return null;
    }
  }
}

/** Byte-order comparison of group names, independent of the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function centi(c: number | null): Rational | null {
  return c === null ? null : Rational.of(c, 100);
}

function count(n: number | null): Rational | null {
  return n === null ? null : Rational.of(n);
}
