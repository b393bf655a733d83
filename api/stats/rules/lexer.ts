/** Tokenizer of the consensus-rule language (consensus-methods.md §5.2). */
import { Rational } from '../rational';

export type TokenType = 'number' | 'string' | 'ident' | 'and' | 'or' | 'not' | 'op' | '(' | ')' | ',' | '.' | 'eof';

export interface Token {
  type: TokenType;
  /** The source text of the token (keywords as written). */
  text: string;
  /** 0-based offset of the first character. */
  pos: number;
  /** Exact value of a number literal. */
  number?: Rational;
  /** Unquoted value of a string literal. */
  string?: string;
}

/** A lexing or parsing failure at a 0-based offset; the message names the 1-based column. */
export class RuleSyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at column ${position + 1}`);
    this.name = 'RuleSyntaxError';
    this.position = position;
  }
}

const KEYWORDS: Record<string, TokenType> = { and: 'and', or: 'or', not: 'not' };
const OPERATORS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/'];

/**
 * Splits rule text into tokens. Keywords AND/OR/NOT are case-insensitive; identifiers are
 * lower-cased (identifiers are case-insensitive too); numbers are plain decimals read exactly
 * ("66.67" → 6667/100); strings use single or double quotes with no escapes.
 * Throws RuleSyntaxError with the position of the first bad character.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      while (i < source.length && /[0-9.]/.test(source[i])) i++;
      const text = source.slice(start, i);
      const value = Rational.parseDecimal(text);
      if (value === null) throw new RuleSyntaxError(`malformed number '${text}'`, start);
      if (/[A-Za-z_]/.test(source[i] ?? '')) throw new RuleSyntaxError(`unexpected '${source[i]}' after number`, i);
      tokens.push({ type: 'number', text, pos: start, number: value });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i])) i++;
      const text = source.slice(start, i);
      const lower = text.toLowerCase();
      tokens.push({ type: KEYWORDS[lower] ?? 'ident', text: KEYWORDS[lower] ? text : lower, pos: start });
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = source.indexOf(ch, i + 1);
      if (end < 0) throw new RuleSyntaxError('unterminated string', start);
      tokens.push({ type: 'string', text: source.slice(start, end + 1), pos: start, string: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '.') {
      tokens.push({ type: ch, text: ch, pos: start });
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', text: op, pos: start });
      i += op.length;
      continue;
    }
    if (ch === '=') throw new RuleSyntaxError("unexpected '=' (use '==' to compare)", start);
    if (ch === '&' || ch === '|') throw new RuleSyntaxError(`unexpected '${ch}' (use AND / OR)`, start);
    throw new RuleSyntaxError(`unexpected character '${ch}'`, start);
  }
  tokens.push({ type: 'eof', text: '', pos: source.length });
  return tokens;
}
