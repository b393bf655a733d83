import { describe, expect, it } from 'vitest';
import { linksCsv, neutralise } from './links-csv';

describe('linksCsv', () => {
  it('writes a header and one line per invitation, quoting where CSV needs it', () => {
    const csv = linksCsv([
      { panelistId: 1, code: 'P1', email: 'a@example.org', link: 'http://x/join#abc' },
      { panelistId: 2, code: 'P,2', email: null, link: 'http://x/join#d"ef' },
    ]);
    expect(csv).toBe('code,email,link\r\nP1,a@example.org,http://x/join#abc\r\n"P,2",,"http://x/join#d""ef"\r\n');
  });

  it.each([
    ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM', "'@SUM"],
    ['plain', 'plain'],
    ['', ''],
  ])('neutralises %j for spreadsheets', (input, out) => {
    expect(neutralise(input)).toBe(out);
  });
});
