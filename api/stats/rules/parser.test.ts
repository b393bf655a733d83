import { describe, expect, it } from 'vitest';
import { RuleSyntaxError } from './lexer';
import { parseRule, type Node } from './parser';

/** A compact S-expression of the tree, to read precedence at a glance. */
function show(node: Node): string {
  switch (node.kind) {
    case 'number':
      return node.value.toString();
    case 'string':
      return JSON.stringify(node.value);
    case 'ident':
      return node.name;
    case 'call':
      return `${node.name}(${node.args.map(show).join(' ')})`;
    case 'member':
      return `${show(node.object)}.${node.name}${node.args ? `(${node.args.map(show).join(' ')})` : ''}`;
    case 'not':
    case 'neg':
      return `(${node.kind} ${show(node.operand)})`;
    case 'and':
    case 'or':
      return `(${node.kind} ${show(node.left)} ${show(node.right)})`;
    case 'compare':
    case 'arith':
      return `(${node.op} ${show(node.left)} ${show(node.right)})`;
    case 'qualified':
      return `${node.criterion}.${show(node.metric)}`;
  }
}

describe('parseRule', () => {
  it.each([
    ['pct_agree >= 75 AND iqr <= 1', '(and (>= pct_agree 75) (<= iqr 1))'],
    ['a > 1 OR b > 2 AND c > 3', '(or (> a 1) (and (> b 2) (> c 3)))'],
    ['(a > 1 OR b > 2) AND c > 3', '(and (or (> a 1) (> b 2)) (> c 3))'],
    ['NOT NOT stable', '(not (not stable))'],
    ['NOT a > 1 AND b', '(and (not (> a 1)) b)'],
    ['q3 - q1 * 2 + 1 <= 4 / 2', '(<= (+ (- q3 (* q1 2)) 1) (/ 4 2))'],
    ['delta_cv > -0.1', '(> delta_cv (neg 1/10))'],
    ['pct_range(7,9) >= 70', '(>= pct_range(7 9) 70)'],
    ['group("health").pct_agree >= 70', '(>= group("health").pct_agree 70)'],
    ["group('health').pct_range(7, 9) > 50", '(> group("health").pct_range(7 9) 50)'],
    ['all_groups(pct_agree >= 70, "sector")', 'all_groups((>= pct_agree 70) "sector")'],
    ['importance.pct_agree >= 70 AND feasibility.median >= 7', '(and (>= importance.pct_agree 70) (>= feasibility.median 7))'],
    ['clarity.pct_range(3, 4) >= 80', '(>= clarity.pct_range(3 4) 80)'],
    ['all_criteria(pct_agree >= 70)', 'all_criteria((>= pct_agree 70))'],
    ["outcome != 'no_consensus' OR (stable AND round >= 3)", '(or (!= outcome "no_consensus") (and stable (>= round 3)))'],
  ])('parses %j', (source, tree) => {
    expect(show(parseRule(source))).toBe(tree);
  });

  it('records spans so the audit can quote the source', () => {
    const source = 'pct_range(7, 9) >= 70';
    const node = parseRule(source);
    expect(node.kind).toBe('compare');
    if (node.kind === 'compare') expect(source.slice(node.left.start, node.left.end)).toBe('pct_range(7, 9)');
  });

  it.each([
    ['', 'empty rule at column 1'],
    ['pct_agree >=', "expected a number, name, string or '(' but found the end of the rule at column 13"],
    ['(iqr <= 1', "expected ')' but found the end of the rule at column 10"],
    ['iqr <= 1 iqr', "unexpected 'iqr' after the end of the expression at column 10"],
    ['1 < iqr < 2', "comparisons cannot be chained; use AND (found '<') at column 9"],
    ['pct_range(7 9)', "expected ',' or ')' but found '9' at column 13"],
    ['"x".median', `'.' can only follow group("…") at column 4`],
    ['AND iqr', "found 'AND' at column 1"],
    ['importance.group("x").median', 'a criterion takes one metric, e.g. importance.median at column 22'],
  ])('rejects %j with its position', (source, message) => {
    let error: unknown;
    try {
      parseRule(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleSyntaxError);
    expect((error as Error).message).toContain(message);
  });
});
