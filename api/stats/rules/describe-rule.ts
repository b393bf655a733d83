/** Plain-English reading of a rule for the UI ("at least 75% rate 7-9 and the IQR is at most 2"). */
import type { Bands } from '../scale';
import { IDENTIFIERS } from './catalogue';
import { parseRule, type CompareOp, type Node } from './parser';
import { errorMessage } from '../../error-message';

const QUANTIFIER: Record<CompareOp, string> = {
  '>=': 'at least',
  '>': 'more than',
  '<=': 'at most',
  '<': 'less than',
  '==': 'exactly',
  '!=': 'other than',
};

const COMPARISON: Record<CompareOp, string> = {
  '>=': 'is at least',
  '>': 'is more than',
  '<=': 'is at most',
  '<': 'is less than',
  '==': 'is',
  '!=': 'is not',
};

const FLIPPED: Record<CompareOp, CompareOp> = { '>=': '<=', '>': '<', '<=': '>=', '<': '>', '==': '==', '!=': '!=' };

const ARITH: Record<string, string> = { '+': 'plus', '-': 'minus', '*': 'times', '/': 'divided by' };

const NEGATED: Record<string, string> = {
  disagreement_ipras: 'there is no disagreement by the IPRAS method',
  disagreement_classic: 'there is no disagreement by the classic RAND/UCLA count',
  stable: 'the ratings are not stable',
};

/**
 * A plain-English sentence for a rule. With `bands`, pct_agree / pct_disagree name the scale
 * points ("rate 7-9"); `criterionBands` does the same for metrics qualified by a criterion
 * ("at least 70% rate 7-9 for importance"). A rule that does not parse gives "(invalid rule: …)".
 */
export function describeRule(when: string, bands?: Bands, criterionBands: Readonly<Record<string, Bands>> = {}): string {
  try {
    return new Reader(bands, criterionBands).sentence(parseRule(when));
  } catch (e) {
    return `(invalid rule: ${errorMessage(e)})`;
  }
}

class Reader {
  constructor(
    private readonly bands: Bands | undefined,
    private readonly criterionBands: Readonly<Record<string, Bands>>,
  ) {}

  sentence(node: Node, scope = ''): string {
    switch (node.kind) {
      case 'and':
      case 'or':
        return this.chain(node, node.kind, scope);
      case 'not':
        if (node.operand.kind === 'ident' && NEGATED[node.operand.name]) return NEGATED[node.operand.name];
        return `it is not the case that ${this.sentence(node.operand, scope)}`;
      case 'compare':
        return this.comparison(node.op, node.left, node.right, scope);
      case 'ident':
        return IDENTIFIERS[node.name]?.label ?? node.name;
      case 'call':
        if (node.name === 'all_groups' || node.name === 'any_groups') {
          const which = node.name === 'all_groups' ? 'every' : 'at least one';
          const inner = node.args[0];
          const text = this.sentence(inner, scope);
          const wrapped = inner.kind === 'and' || inner.kind === 'or' ? `(${text})` : text;
          return `${wrapped} in ${which} ${this.dimension(node.args[1])}group`;
        }
        if (node.name === 'all_criteria') {
          const inner = node.args[0];
          const text = this.sentence(inner, scope);
          return `${inner.kind === 'and' || inner.kind === 'or' ? `(${text})` : text} for every criterion`;
        }
        return this.noun(node, scope);
      default:
        return this.noun(node, scope);
    }
  }

  private chain(node: Node, kind: 'and' | 'or', scope: string): string {
    const parts: string[] = [];
    const collect = (n: Node) => {
      if (n.kind === kind) {
        collect(n.left);
        collect(n.right);
      } else {
        const text = this.sentence(n, scope);
        parts.push(n.kind === 'and' || n.kind === 'or' ? `(${text})` : text);
      }
    };
    collect(node);
    const last = parts.pop() as string;
    return parts.length === 0 ? last : `${parts.join(', ')} ${kind} ${last}`;
  }

  private comparison(op: CompareOp, left: Node, right: Node, scope: string): string {
    if (isConstant(left) && !isConstant(right)) return this.comparison(FLIPPED[op], right, left, scope);
    const byShare =
      left.kind === 'qualified' && (this.percentSubject(left.metric) !== null || (left.metric.kind === 'call' && left.metric.name === 'count_range'));
    if (left.kind === 'qualified' && byShare && isConstant(right)) {
      const reader = new Reader(this.criterionBands[left.criterion], this.criterionBands);
      return `${reader.comparison(op, left.metric, right, scope)} for ${left.criterion}`;
    }
    const share = this.percentSubject(left);
    if (share !== null && right.kind === 'number') {
      return `${QUANTIFIER[op]} ${literal(right)}%${this.ofGroup(left, scope)} ${share}`;
    }
    const count = left.kind === 'call' && left.name === 'count_range' ? rangeText(left.args) : null;
    if (count !== null && right.kind === 'number') return `${QUANTIFIER[op]} ${literal(right)} panelists rate ${count}`;
    if (right.kind === 'string') return `${this.noun(left, scope)} ${COMPARISON[op]} "${right.value}"`;
    return `${this.noun(left, scope)} ${COMPARISON[op]} ${this.noun(right, scope)}`;
  }

  /** "rate 7-9" for percentage metrics, else null. */
  private percentSubject(node: Node): string | null {
    const target =
      node.kind === 'member'
        ? { name: node.name, args: node.args ?? [] }
        : node.kind === 'ident' || node.kind === 'call'
          ? { name: node.name, args: node.kind === 'call' ? node.args : [] }
          : null;
    if (target === null) return null;
    const band = (b: 'agree' | 'disagree', fallback: string) => (this.bands ? `rate ${bandText(this.bands[b])}` : fallback);
    switch (target.name) {
      case 'pct_range':
        return `rate ${rangeText(target.args) ?? 'in the given range'}`;
      case 'pct_agree':
        return band('agree', 'rate in the agreement band');
      case 'pct_disagree':
        return band('disagree', 'rate in the disagreement band');
      case 'pct_neutral':
        return 'rate in neither band';
      default:
        return null;
    }
  }

  private ofGroup(node: Node, scope: string): string {
    if (node.kind === 'member') return ` of group ${groupName(node.object.args[0])}`;
    return scope;
  }

  noun(node: Node, scope: string): string {
    switch (node.kind) {
      case 'number':
        return literal(node);
      case 'string':
        return `"${node.value}"`;
      case 'ident':
        return IDENTIFIERS[node.name]?.label ?? node.name;
      case 'neg':
        return `minus ${this.noun(node.operand, scope)}`;
      case 'arith':
        return `${this.noun(node.left, scope)} ${ARITH[node.op]} ${this.noun(node.right, scope)}`;
      case 'member': {
        const inner: Node =
          node.args === null
            ? { kind: 'ident', name: node.name, start: node.nameStart, end: node.end }
            : { kind: 'call', name: node.name, args: node.args, start: node.nameStart, end: node.end };
        return `${this.noun(inner, scope)} in group ${groupName(node.object.args[0])}`;
      }
      case 'call':
        return this.callNoun(node.name, node.args, scope);
      case 'qualified':
        return `${this.noun(node.metric, scope)} for ${node.criterion}`;
      default:
        return `(${this.sentence(node, scope)})`;
    }
  }

  private callNoun(name: string, args: readonly Node[], scope: string): string {
    switch (name) {
      case 'pct_range':
        return `the percentage rating ${rangeText(args) ?? 'in the range'}`;
      case 'count_range':
        return `the number of ratings ${rangeText(args) ?? 'in the range'}`;
      case 'quantile':
        return args[0]?.kind === 'number' ? `the ${ordinal(args[0].value.toNumber())} percentile` : 'the given percentile';
      case 'min_over_groups':
        return `the smallest ${stripArticle(this.noun(args[0], scope))} across ${this.dimension(args[1])}groups`;
      default:
        return name;
    }
  }

  private dimension(arg: Node | undefined): string {
    return arg?.kind === 'string' ? `${arg.value} ` : '';
  }
}

function isConstant(node: Node): boolean {
  return node.kind === 'number' || node.kind === 'string';
}

function literal(node: Node): string {
  return node.kind === 'number' ? String(node.value.toNumber()) : '?';
}

function rangeText(args: readonly Node[]): string | null {
  const [lo, hi] = args;
  if (lo?.kind !== 'number' || hi?.kind !== 'number') return null;
  const a = lo.value.toNumber();
  const b = hi.value.toNumber();
  return a === b ? `${a}` : `${a}-${b}`;
}

function bandText(band: readonly [number, number]): string {
  return band[0] === band[1] ? `${band[0]}` : `${band[0]}-${band[1]}`;
}

function groupName(arg: Node | undefined): string {
  return arg?.kind === 'string' ? arg.value : '?';
}

function stripArticle(text: string): string {
  return text.replace(/^the /, '');
}

function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
