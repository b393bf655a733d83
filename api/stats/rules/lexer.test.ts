import { describe, expect, it } from 'vitest';
import { RuleSyntaxError, tokenize } from './lexer';

describe('tokenize', () => {
  it('reads keywords case-insensitively and lower-cases identifiers', () => {
    const tokens = tokenize('PCT_AGREE >= 75 and NOT Stable Or x');
    expect(tokens.map((t) => t.type)).toEqual(['ident', 'op', 'number', 'and', 'not', 'ident', 'or', 'ident', 'eof']);
    expect(tokens[0].text).toBe('pct_agree');
    expect(tokens[5].text).toBe('stable');
  });

  it('reads decimals exactly and strings in either quote', () => {
    const [n, , s1, , s2] = tokenize(`66.67 , 'health' , "social care"`);
    expect(n.number?.toString()).toBe('6667/100');
    expect(s1.string).toBe('health');
    expect(s2.string).toBe('social care');
  });

  it('records 0-based positions', () => {
    expect(tokenize('  iqr <= 1').map((t) => t.pos)).toEqual([2, 6, 9, 10]);
  });

  it.each([
    ['iqr = 1', "unexpected '=' (use '==' to compare) at column 5"],
    ['iqr <= 1 && median > 3', "unexpected '&' (use AND / OR) at column 10"],
    ["group('health)", 'unterminated string at column 7'],
    ['iqr <= 1.2.3', "malformed number '1.2.3' at column 8"],
    ['iqr # 1', "unexpected character '#' at column 5"],
    ['3abc', "unexpected 'a' after number at column 2"],
  ])('rejects %j with a positioned message', (source, message) => {
    expect(() => tokenize(source)).toThrow(RuleSyntaxError);
    expect(() => tokenize(source)).toThrow(message);
  });
});
