/** Recursive-descent parser for the consensus-rule grammar (consensus-methods.md §5.2). */
import type { Rational } from '../rational';
import { RuleSyntaxError, tokenize, type Token } from './lexer';

export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ArithOp = '+' | '-' | '*' | '/';

interface Span {
  /** 0-based offsets [start, end) of the node in the rule text. */
  start: number;
  end: number;
}

export type Node =
  | (Span & { kind: 'number'; value: Rational })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'ident'; name: string })
  | CallNode
  | (Span & { kind: 'member'; object: CallNode; name: string; args: Node[] | null; nameStart: number })
  | QualifiedNode
  | (Span & { kind: 'not' | 'neg'; operand: Node })
  | (Span & { kind: 'and' | 'or'; left: Node; right: Node })
  | (Span & { kind: 'compare'; op: CompareOp; left: Node; right: Node })
  | (Span & { kind: 'arith'; op: ArithOp; left: Node; right: Node });

export type CallNode = Span & { kind: 'call'; name: string; args: Node[] };

/** A metric read on one criterion: `importance.pct_agree`, `feasibility.pct_range(7, 9)` (consensus-methods.md §15.1). */
export type QualifiedNode = Span & { kind: 'qualified'; criterion: string; metric: (Span & { kind: 'ident'; name: string }) | CallNode };

/**
 * Parses rule text into an AST:
 * ```
 * expr := or            or  := and { OR and }       and := not { AND not }
 * not  := NOT not | cmp                              cmp := sum [ (<|<=|>|>=|==|!=) sum ]
 * sum  := prod { (+|-) prod }                        prod := unary { (*|/) unary }
 * unary := "-" unary | postfix                       postfix := atom [ "." IDENT [ "(" args ")" ] ]
 * atom := NUMBER | STRING | IDENT | IDENT "(" [ expr { "," expr } ] ")" | "(" expr ")"
 * ```
 * Extensions to §5.2, needed by §5.3, §15.1 or common use: unary minus, the member access of
 * `group("x").metric`, and a metric qualified by a criterion, `importance.median`.
 * Chained comparisons (a < b < c) are rejected.
 * Throws RuleSyntaxError (message with column) on the first problem.
 */
export function parseRule(source: string): Node {
  const parser = new Parser(tokenize(source));
  if (parser.peek().type === 'eof') throw new RuleSyntaxError('empty rule', 0);
  const node = parser.expr();
  const rest = parser.peek();
  if (rest.type !== 'eof') throw new RuleSyntaxError(`unexpected ${describe(rest)} after the end of the expression`, rest.pos);
  return node;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private expect(type: Token['type'], what: string): Token {
    const token = this.peek();
    if (token.type !== type) throw new RuleSyntaxError(`expected ${what} but found ${describe(token)}`, token.pos);
    return this.next();
  }

  expr(): Node {
    return this.or();
  }

  private or(): Node {
    let left = this.and();
    while (this.peek().type === 'or') {
      this.next();
      const right = this.and();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.peek().type === 'and') {
      this.next();
      const right = this.not();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): Node {
    const token = this.peek();
    if (token.type === 'not') {
      this.next();
      const operand = this.not();
      return { kind: 'not', operand, start: token.pos, end: operand.end };
    }
    return this.cmp();
  }

  private cmp(): Node {
    const left = this.sum();
    const token = this.peek();
    if (token.type === 'op' && isCompare(token.text)) {
      this.next();
      const right = this.sum();
      const after = this.peek();
      if (after.type === 'op' && isCompare(after.text)) {
        throw new RuleSyntaxError(`comparisons cannot be chained; use AND (found '${after.text}')`, after.pos);
      }
      return { kind: 'compare', op: token.text, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private sum(): Node {
    let left = this.prod();
    while (this.peek().type === 'op' && (this.peek().text === '+' || this.peek().text === '-')) {
      const op = this.next().text as ArithOp;
      const right = this.prod();
      left = { kind: 'arith', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private prod(): Node {
    let left = this.unary();
    while (this.peek().type === 'op' && (this.peek().text === '*' || this.peek().text === '/')) {
      const op = this.next().text as ArithOp;
      const right = this.unary();
      left = { kind: 'arith', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    const token = this.peek();
    if (token.type === 'op' && token.text === '-') {
      this.next();
      const operand = this.unary();
      return { kind: 'neg', operand, start: token.pos, end: operand.end };
    }
    return this.postfix();
  }

  private postfix(): Node {
    const object = this.atom();
    if (this.peek().type !== '.') return object;
    const dot = this.next();
    if (object.kind === 'ident') return this.qualified(object);
    if (object.kind !== 'call') throw new RuleSyntaxError('\'.\' can only follow group("…")', dot.pos);
    const name = this.expect('ident', 'a metric name after "."');
    if (this.peek().type === '(') {
      const { args, end } = this.args();
      return { kind: 'member', object, name: name.text, args, nameStart: name.pos, start: object.start, end };
    }
    return { kind: 'member', object, name: name.text, args: null, nameStart: name.pos, start: object.start, end: name.pos + name.text.length };
  }

  private qualified(criterion: Extract<Node, { kind: 'ident' }>): QualifiedNode {
    const name = this.expect('ident', 'a metric name after "."');
    const metric: QualifiedNode['metric'] =
      this.peek().type === '('
        ? { kind: 'call', name: name.text, start: name.pos, ...this.args() }
        : { kind: 'ident', name: name.text, start: name.pos, end: name.pos + name.text.length };
    if (this.peek().type === '.') throw new RuleSyntaxError('a criterion takes one metric, e.g. importance.median', this.peek().pos);
    return { kind: 'qualified', criterion: criterion.name, metric, start: criterion.start, end: metric.end };
  }

  private atom(): Node {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.next();
        return { kind: 'number', value: token.number as Rational, start: token.pos, end: token.pos + token.text.length };
      case 'string':
        this.next();
        return { kind: 'string', value: token.string as string, start: token.pos, end: token.pos + token.text.length };
      case 'ident': {
        this.next();
        if (this.peek().type === '(') {
          const { args, end } = this.args();
          return { kind: 'call', name: token.text, args, start: token.pos, end };
        }
        return { kind: 'ident', name: token.text, start: token.pos, end: token.pos + token.text.length };
      }
      case '(': {
        this.next();
        const inner = this.expr();
        const close = this.expect(')', "')'");
        return { ...inner, start: token.pos, end: close.pos + 1 };
      }
      default:
        throw new RuleSyntaxError(`expected a number, name, string or '(' but found ${describe(token)}`, token.pos);
    }
  }

  private args(): { args: Node[]; end: number } {
    this.expect('(', "'('");
    const args: Node[] = [];
    if (this.peek().type !== ')') {
      args.push(this.expr());
      while (this.peek().type === ',') {
        this.next();
        args.push(this.expr());
      }
    }
    const close = this.expect(')', "',' or ')'");
    return { args, end: close.pos + 1 };
  }
}

function isCompare(text: string): text is CompareOp {
  return text === '<' || text === '<=' || text === '>' || text === '>=' || text === '==' || text === '!=';
}

function describe(token: Token): string {
  return token.type === 'eof' ? 'the end of the rule' : `'${token.text}'`;
}
