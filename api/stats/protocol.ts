/** The consensus protocol (consensus-methods.md §5.1) and its validation at save time. */
import { QUANTILE_METHODS } from './quantiles';
import { Rational } from './rational';
import { checkRule, type CriterionSpec, type RuleRole } from './rules/check';
import type { Node } from './rules/parser';
import { DEFAULT_SEED } from './rng';
import { bandInScale, defaultBands, defaultIqrMax, isValidScale, type Scale } from './scale';
import type { Protocol, ProtocolRule } from '../contract/protocol';
export type { Protocol, ProtocolRule };

/** The four built-in outcomes; rules may also name their own (e.g. 'appropriate'). */
export type Outcome = 'consensus_in' | 'consensus_out' | 'no_consensus' | 'insufficient_data' | (string & {});

/** Reserved for the §1.1 guard and for rules that evaluate to null. */
export const INSUFFICIENT_DATA = 'insufficient_data';

export type ResolvedProtocol = Protocol & Required<Pick<Protocol, 'alpha' | 'multiplicity' | 'wPermutationSeed'>>;

/** What defaultProtocol and presetProtocol return: a complete, unlocked version-1 protocol without a stop rule. */
export type DefaultProtocol = Omit<ResolvedProtocol, 'version' | 'lockedAt' | 'stopItemWhen'> & { version: 1 };

export interface ProtocolProblem {
  /** JSON path in the protocol, e.g. "rules[1].when". */
  path: string;
  message: string;
}

export type ProtocolValidation = { ok: true } | { ok: false; problems: ProtocolProblem[] };

/**
 * The §0 defaults (version 1, no lock time, no stop rule): hf7, no-opinion excluded, min_valid_n 5, max no-opinion share 0.5, default bands,
 * one rule `pct_agree >= 75 AND iqr <= iqr_max` (1 on 5/7-point, 2 on 9-point) → consensus_in,
 * default no_consensus, stability `round >= 2 AND change_pct < 15`, α 0.05, Holm.
 */
export function defaultProtocol(scale: Scale): DefaultProtocol {
  const bands = defaultBands(scale);
  return {
    version: 1,
    quantileMethod: 'hf7',
    noOpinionPolicy: 'exclude',
    minValidN: 5,
    maxNoOpinionShare: 0.5,
    bands: { agree: [...bands.agree], disagree: [...bands.disagree] },
    rules: [{ outcome: 'consensus_in', when: `pct_agree >= 75 AND iqr <= ${defaultIqrMax(scale)}` }],
    defaultOutcome: 'no_consensus',
    stability: { when: 'round >= 2 AND change_pct < 15' },
    alpha: 0.05,
    multiplicity: 'holm',
    wPermutationSeed: DEFAULT_SEED,
  };
}

/** The protocol with optional fields filled with their defaults. */
export function resolveProtocol(protocol: Protocol): ResolvedProtocol {
  return {
    ...protocol,
    alpha: protocol.alpha ?? 0.05,
    multiplicity: protocol.multiplicity ?? 'holm',
    wPermutationSeed: protocol.wPermutationSeed ?? DEFAULT_SEED,
  };
}

/** A validated protocol with its rules parsed once, ready for evaluation. */
export interface CompiledProtocol {
  protocol: ResolvedProtocol;
  rules: { outcome: string; when: string; ast: Node }[];
  stability: { when: string; ast: Node } | null;
  stop: { when: string; ast: Node } | null;
  maxNoOpinionShare: Rational;
}

/** Thrown by compileProtocol (and so by analyseRound) for an invalid protocol. */
export class ProtocolError extends Error {
  readonly problems: ProtocolProblem[];

  constructor(problems: ProtocolProblem[]) {
    super(`invalid consensus protocol: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'ProtocolError';
    this.problems = problems;
  }
}

/**
 * Checks a protocol before it is saved or locked: settings in range, bands on the scale, every
 * rule parses and type-checks (known identifiers and functions, arity, RAND identifiers only on a
 * 1–9 scale, dimension names among `dimensions`), outcome names non-empty and not the reserved
 * 'insufficient_data'. Group values inside group("…") cannot be checked here. With `criteria`
 * (§15.1), metrics must name a known criterion unless the study has one.
 */
export function validateProtocol(protocol: Protocol, scale: Scale, dimensions: string[], criteria?: readonly CriterionSpec[]): ProtocolValidation {
  const problems = collectProblems(protocol, scale, dimensions, criteria).problems;
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** validateProtocol plus the parsed rules; throws ProtocolError when invalid. */
export function compileProtocol(protocol: Protocol, scale: Scale, dimensions: readonly string[], criteria?: readonly CriterionSpec[]): CompiledProtocol {
  const { problems, compiled } = collectProblems(protocol, scale, dimensions, criteria);
  if (problems.length > 0 || compiled === null) throw new ProtocolError(problems);
  return compiled;
}

function collectProblems(
  protocol: Protocol,
  scale: Scale,
  dimensions: readonly string[],
  criteria: readonly CriterionSpec[] | undefined,
): { problems: ProtocolProblem[]; compiled: CompiledProtocol | null } {
  const problems: ProtocolProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isValidScale(scale)) add('scale', `scale must be two integers min < max, got ${scale.min}-${scale.max}`);
  if (!QUANTILE_METHODS.includes(protocol.quantileMethod)) add('quantileMethod', "must be 'hf7' or 'hf6'");
  if (protocol.noOpinionPolicy !== 'exclude' && protocol.noOpinionPolicy !== 'count_in_denominator') {
    add('noOpinionPolicy', "must be 'exclude' or 'count_in_denominator'");
  }
  if (!Number.isInteger(protocol.minValidN) || protocol.minValidN < 1) add('minValidN', 'must be an integer of at least 1');
  const share = Rational.fromNumber(protocol.maxNoOpinionShare);
  if (share === null || protocol.maxNoOpinionShare < 0 || protocol.maxNoOpinionShare > 1) {
    add('maxNoOpinionShare', 'must be a number from 0 to 1');
  }
  for (const band of ['agree', 'disagree'] as const) {
    const value = protocol.bands?.[band];
    if (!Array.isArray(value) || value.length !== 2 || !bandInScale(value, scale)) {
      add(`bands.${band}`, `must be [lo, hi] with ${scale.min} <= lo <= hi <= ${scale.max}`);
    }
  }
  const alpha = protocol.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) add('alpha', 'must be between 0 and 1');
  if (protocol.multiplicity !== undefined && protocol.multiplicity !== 'holm' && protocol.multiplicity !== 'bh') {
    add('multiplicity', "must be 'holm' or 'bh'");
  }
  if (protocol.wPermutationSeed !== undefined && !Number.isInteger(protocol.wPermutationSeed)) add('wPermutationSeed', 'must be an integer');

  const outcomes = [...protocol.rules.map((r) => r.outcome), protocol.defaultOutcome, INSUFFICIENT_DATA];
  const compile = (path: string, when: string, role: RuleRole): Node | null => {
    const result = checkRule(when, { role, scale, dimensions, criteria, knownStrings: { outcome: outcomes } });
    if (result.ok) return result.ast;
    for (const p of result.problems) add(path, p.message);
    return null;
  };
  const checkOutcome = (path: string, outcome: unknown) => {
    if (typeof outcome !== 'string' || outcome.trim() === '') add(path, 'must be a non-empty name');
    else if (outcome === INSUFFICIENT_DATA) add(path, `'${INSUFFICIENT_DATA}' is reserved for the minimum-data guard`);
  };
  const rules = protocol.rules.map((rule, i) => {
    checkOutcome(`rules[${i}].outcome`, rule.outcome);
    return { outcome: rule.outcome, when: rule.when, ast: compile(`rules[${i}].when`, rule.when, 'outcome') };
  });
  checkOutcome('defaultOutcome', protocol.defaultOutcome);
  const stabilityWhen = protocol.stability?.when?.trim() ?? '';
  const stability = stabilityWhen === '' ? null : compile('stability.when', protocol.stability.when, 'stability');
  const stopWhen = protocol.stopItemWhen?.trim() ?? '';
  const stop = stopWhen === '' ? null : compile('stopItemWhen', protocol.stopItemWhen as string, 'stop');
  if (problems.length > 0 || share === null) return { problems, compiled: null };
  return {
    problems,
    compiled: {
      protocol: resolveProtocol(protocol),
      rules: rules.map((r) => ({ outcome: r.outcome, when: r.when, ast: r.ast as Node })),
      stability: stability === null ? null : { when: protocol.stability.when, ast: stability },
      stop: stop === null ? null : { when: protocol.stopItemWhen as string, ast: stop },
      maxNoOpinionShare: share,
    },
  };
}
