/** Static validation of a rule at protocol-save time (consensus-methods.md §5.2: reject at lock time). */
import { isOnScale, isRandScale, type Scale } from '../scale';
import { FUNCTIONS, IDENTIFIERS, isFunctionName, isIdentifier, ITEM_LEVEL_IDENTIFIERS, parseGroupSelector, type ValueType } from './catalogue';
import { RuleSyntaxError } from './lexer';
import { parseRule, type CallNode, type Node, type QualifiedNode } from './parser';

/** Where a rule is used: outcome rules, the stability rule, or stop_item_when. */
export type RuleRole = 'outcome' | 'stability' | 'stop';

export interface RuleProblem {
  /** 0-based offset into the rule text. */
  position: number;
  /** Human-readable message, naming the 1-based column. */
  message: string;
}

/** A criterion as the checker needs it (consensus-methods.md §15.1). */
export interface CriterionSpec {
  code: string;
  scale: Scale;
  /** A relevance criterion: icvi and kappa_star are defined on it. */
  relevance: boolean;
}

export interface CheckOptions {
  role: RuleRole;
  /** The scale of a single-criterion study (ignored when `criteria` is given). */
  scale: Scale;
  /**
   * The study's criteria. With two or more, every metric must name its criterion
   * (`importance.median`) or stand inside all_criteria(…); item-level identifiers such as `round`
   * need none. Without it, the study has one unnamed criterion on `scale`.
   */
  criteria?: readonly CriterionSpec[];
  /** Grouping dimensions analysed; when given, dimension names in rules are checked against it. */
  dimensions?: readonly string[];
  /** Allowed string literals per string identifier, e.g. {outcome: ['consensus_in', …]}. */
  knownStrings?: Readonly<Record<string, readonly string[]>>;
}

export type CheckResult = { ok: true; ast: Node } | { ok: false; problems: RuleProblem[] };

const RAM_CLASS_VALUES = ['appropriate', 'uncertain', 'inappropriate'];

/**
 * Parses and type-checks one rule: every identifier and function known, right arity and argument
 * types, AND/OR/NOT on true/false values, arithmetic and < <= > >= on numbers, == and != on equal
 * types, a true/false result; RAND identifiers only on a 1–9 scale; `stable` not inside the
 * stability rule; `outcome` only in stop_item_when; group functions not nested; literal
 * quantile percents integers in 0..100; literal pct_range/count_range bounds on the scale.
 * Problems carry the position of the offending token.
 */
export function checkRule(source: string, opts: CheckOptions): CheckResult {
  let ast: Node;
  try {
    ast = parseRule(source);
  } catch (e) {
    if (e instanceof RuleSyntaxError) return { ok: false, problems: [{ position: e.position, message: e.message }] };
    throw e;
  }
  const problems: RuleProblem[] = [];
  const report = (position: number, message: string) => problems.push({ position, message: `${message} at column ${position + 1}` });
  const type = new Checker(opts, report).typeOf(ast, false);
  if (type !== null && type !== 'boolean') report(ast.start, `a rule must be true or false, but this expression is a ${type}`);
  return problems.length === 0 ? { ok: true, ast } : { ok: false, problems };
}

class Checker {
  /** The criteria an unqualified metric at this point is read on; empty outside all_criteria in a multi-criteria study. */
  private current: readonly CriterionSpec[];
  private readonly criteria: readonly CriterionSpec[];

  constructor(
    private readonly opts: CheckOptions,
    private readonly report: (position: number, message: string) => void,
  ) {
    this.criteria = opts.criteria && opts.criteria.length > 0 ? opts.criteria : [{ code: '', scale: opts.scale, relevance: false }];
    this.current = this.criteria.length === 1 ? this.criteria : [];
  }

  private within<T>(criteria: readonly CriterionSpec[], read: () => T): T {
    const saved = this.current;
    this.current = criteria;
    try {
      return read();
    } finally {
      this.current = saved;
    }
  }

  /** The static type of a node, or null when it is already in error. */
  typeOf(node: Node, insideGroup: boolean): ValueType | null {
    switch (node.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'ident':
        return this.identifier(node.name, node.start);
      case 'call':
        return this.call(node, insideGroup);
      case 'member':
        return this.member(node, insideGroup);
      case 'qualified':
        return this.qualified(node, insideGroup);
      case 'not':
        return this.expectType(node.operand, 'boolean', 'NOT', insideGroup) ? 'boolean' : null;
      case 'neg':
        return this.expectType(node.operand, 'number', "'-'", insideGroup) ? 'number' : null;
      case 'and':
      case 'or': {
        const word = node.kind.toUpperCase();
        const l = this.expectType(node.left, 'boolean', word, insideGroup);
        const r = this.expectType(node.right, 'boolean', word, insideGroup);
        return l && r ? 'boolean' : null;
      }
      case 'arith': {
        const l = this.expectType(node.left, 'number', `'${node.op}'`, insideGroup);
        const r = this.expectType(node.right, 'number', `'${node.op}'`, insideGroup);
        return l && r ? 'number' : null;
      }
      case 'compare':
        return this.compare(node.op, node.left, node.right, insideGroup);
    }
  }

  private expectType(node: Node, want: ValueType, operator: string, insideGroup: boolean): boolean {
    const got = this.typeOf(node, insideGroup);
    if (got === null) return false;
    if (got !== want) {
      this.report(node.start, `${operator} needs ${want === 'boolean' ? 'a true/false value' : `a ${want}`}, but this is a ${got}`);
      return false;
    }
    return true;
  }

  private compare(op: string, left: Node, right: Node, insideGroup: boolean): ValueType | null {
    const l = this.typeOf(left, insideGroup);
    const r = this.typeOf(right, insideGroup);
    if (l === null || r === null) return null;
    if (op !== '==' && op !== '!=') {
      if (l !== 'number') this.report(left.start, `'${op}' compares numbers, but this is a ${l}`);
      else if (r !== 'number') this.report(right.start, `'${op}' compares numbers, but this is a ${r}`);
      return l === 'number' && r === 'number' ? 'boolean' : null;
    }
    if (l !== r) {
      this.report(right.start, `'${op}' compares a ${l} with a ${r}`);
      return null;
    }
    if (l === 'string') this.checkStringLiteral(left, right);
    return 'boolean';
  }

  private checkStringLiteral(left: Node, right: Node): void {
    const [ident, literal] = left.kind === 'ident' ? [left, right] : [right, left];
    if (ident.kind !== 'ident' || literal.kind !== 'string') return;
    const allowed = ident.name === 'ram_class' ? RAM_CLASS_VALUES : this.opts.knownStrings?.[ident.name];
    if (allowed && !allowed.includes(literal.value)) {
      this.report(literal.start, `'${literal.value}' is not a possible value of ${ident.name} (one of ${allowed.join(', ')})`);
    }
  }

  private identifier(name: string, position: number): ValueType | null {
    if (!isIdentifier(name)) {
      if (isFunctionName(name)) this.report(position, `'${name}' is a function: write ${FUNCTIONS[name].signature}`);
      else this.report(position, `unknown identifier '${name}'${suggest(name)}`);
      return null;
    }
    const spec = IDENTIFIERS[name];
    if (!ITEM_LEVEL_IDENTIFIERS.has(name) && !this.bound(name, position)) return null;
    if (spec.category === 'rand' && !this.current.every((c) => isRandScale(c.scale))) {
      this.report(position, `'${name}' is defined only on a 1-9 scale`);
      return null;
    }
    if (spec.category === 'content' && !this.current.every((c) => c.relevance)) {
      this.report(position, `'${name}' is defined only on a relevance criterion`);
      return null;
    }
    if (name === 'stable' && this.opts.role === 'stability') {
      this.report(position, "'stable' cannot be used inside the stability rule itself");
      return null;
    }
    if (name === 'outcome' && this.opts.role !== 'stop') {
      this.report(position, "'outcome' can only be used in stop_item_when");
      return null;
    }
    return spec.type;
  }

  private call(node: CallNode, insideGroup: boolean): ValueType | null {
    const { name, start } = node;
    if (!isFunctionName(name)) {
      if (isIdentifier(name)) this.report(start, `'${name}' is not a function: write it without parentheses`);
      else this.report(start, `unknown function '${name}'${suggest(name)}`);
      return null;
    }
    const spec = FUNCTIONS[name];
    if (spec.returns === 'group') {
      this.report(start, `group("…") must be followed by .metric, e.g. group("health").pct_agree`);
      return null;
    }
    if (!spec.groupFunction && !spec.criteriaFunction && !this.bound(name, start)) return null;
    if (spec.criteriaFunction) {
      if (this.current.length > 1 || (this.criteria.length > 1 && this.current.length === 1)) {
        this.report(start, `'${name}' cannot be used inside another criterion function or after a criterion`);
        return null;
      }
      return this.within(this.criteria, () => (this.arguments(node, insideGroup) ? 'boolean' : null));
    }
    if (!this.arguments(node, insideGroup)) return null;
    return spec.returns;
  }

  /** True when a metric read here has criteria to be read on; reports the unqualified metric of a multi-criteria study. */
  private bound(name: string, position: number): boolean {
    if (this.current.length > 0) return true;
    const codes = this.criteria.map((c) => c.code);
    const example = `write ${codes[0]}.${name} or all_criteria(…)`;
    this.report(position, `'${name}' needs a criterion in a study with several: ${example} (criteria: ${codes.join(', ')})`);
    return false;
  }

  private qualified(node: QualifiedNode, insideGroup: boolean): ValueType | null {
    const criterion = this.criteria.find((c) => c.code === node.criterion);
    if (criterion === undefined || criterion.code === '') {
      const codes = this.criteria.map((c) => c.code).filter((c) => c !== '');
      this.report(node.start, `unknown criterion '${node.criterion}' (known: ${codes.join(', ') || 'none'})`);
      return null;
    }
    if (this.criteria.length > 1 && this.current.length > 1) {
      this.report(node.start, `'${node.criterion}.' cannot be used inside all_criteria(…), which reads every criterion in turn`);
      return null;
    }
    const { metric } = node;
    if (metric.kind === 'ident' && ITEM_LEVEL_IDENTIFIERS.has(metric.name)) {
      this.report(metric.start, `'${metric.name}' belongs to the item, not to a criterion: write it without '${node.criterion}.'`);
      return null;
    }
    if (metric.kind === 'call' && isFunctionName(metric.name) && (FUNCTIONS[metric.name].groupFunction || FUNCTIONS[metric.name].criteriaFunction)) {
      this.report(metric.start, `'${metric.name}' cannot follow a criterion: put the criterion inside it`);
      return null;
    }
    return this.within([criterion], () => this.typeOf(metric, insideGroup));
  }

  /** Arity, argument types and literal checks; true when all is well. */
  private arguments(node: CallNode, insideGroup: boolean): boolean {
    const { name, args, start } = node;
    if (!isFunctionName(name)) return false;
    const spec = FUNCTIONS[name];
    const min = spec.optionalFrom ?? spec.params.length;
    if (args.length < min || args.length > spec.params.length) {
      const count = min === spec.params.length ? `${min}` : `${min} or ${spec.params.length}`;
      this.report(start, `'${name}' takes ${count} argument${count === '1' ? '' : 's'} (${spec.signature}), got ${args.length}`);
      return false;
    }
    if (spec.groupFunction && insideGroup) {
      this.report(start, `'${name}' cannot be used inside another group function`);
      return false;
    }
    let ok = true;
    args.forEach((arg, i) => {
      if (spec.groupFunction && spec.params[i] === 'string') {
        ok = this.dimensionArgument(name, arg) && ok;
        return;
      }
      ok = this.expectType(arg, spec.params[i], `'${name}' argument ${i + 1}`, insideGroup || spec.groupFunction) && ok;
    });
    if (ok) this.literalBounds(node);
    return ok;
  }

  private dimensionArgument(name: string, arg: Node): boolean {
    if (arg.kind !== 'string') {
      this.report(arg.start, `'${name}' needs a quoted ${name === 'group' ? 'group name' : 'dimension name'} here`);
      return false;
    }
    const dims = this.opts.dimensions;
    const dimension = name === 'group' ? parseGroupSelector(arg.value).dimension : arg.value;
    if (dims && dimension !== null && !dims.includes(dimension)) {
      this.report(arg.start, `unknown dimension '${dimension}' (known: ${dims.join(', ') || 'none'})`);
      return false;
    }
    return true;
  }

  private literalBounds(node: CallNode): void {
    const literals = node.args.map((a) => (a.kind === 'number' ? a.value.toNumber() : null));
    if (node.name === 'quantile' && literals[0] !== null) {
      const p = literals[0];
      if (!Number.isInteger(p) || p < 0 || p > 100) this.report(node.args[0].start, 'quantile(P) needs an integer percent from 0 to 100');
    }
    if (node.name === 'pct_range' || node.name === 'count_range') {
      const [lo, hi] = literals;
      for (const [i, v] of [lo, hi].entries()) {
        const off = this.current.find((c) => v !== null && !isOnScale(v, c.scale));
        if (v !== null && off) this.report(node.args[i].start, `${v} is not a point of the ${off.scale.min}-${off.scale.max} scale`);
      }
      if (lo !== null && hi !== null && lo > hi) this.report(node.start, `'${node.name}' needs lo <= hi, got ${lo} > ${hi}`);
    }
  }

  private member(node: Extract<Node, { kind: 'member' }>, insideGroup: boolean): ValueType | null {
    const { object } = node;
    if (object.name !== 'group') {
      this.report(object.start, `'.${node.name}' can only follow group("…")`);
      return null;
    }
    if (insideGroup) {
      this.report(object.start, "'group' cannot be used inside another group function");
      return null;
    }
    if (!this.arguments(object, false)) return null;
    if (node.args === null) {
      if (isFunctionName(node.name)) {
        this.report(node.nameStart, `'${node.name}' is a function: write ${FUNCTIONS[node.name].signature}`);
        return null;
      }
      const type = this.identifier(node.name, node.nameStart);
      if (type !== null && (node.name === 'outcome' || IDENTIFIERS[node.name].category === 'rank')) {
        this.report(node.nameStart, `'${node.name}' is not available per group`);
        return null;
      }
      return type;
    }
    const call: CallNode = { kind: 'call', name: node.name, args: node.args, start: node.nameStart, end: node.end };
    if (isFunctionName(node.name) && FUNCTIONS[node.name].groupFunction) {
      this.report(node.nameStart, `'${node.name}' cannot be used inside group("…")`);
      return null;
    }
    return this.call(call, true);
  }
}

/** " (did you mean 'x'?)" for a close known name, else "". */
function suggest(name: string): string {
  const candidates = [...Object.keys(IDENTIFIERS), ...Object.keys(FUNCTIONS)];
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
