import { describe, expect, it } from 'vitest';
import { readEntryLink, tokenFromHash } from './entry-link';

const TOKEN = 'abcdefghijklmnop_QRST-123';

describe('tokenFromHash', () => {
  it.each([
    [`#${TOKEN}`, TOKEN],
    [`#token=${TOKEN}`, TOKEN],
    ['', null],
    ['#', null],
    ['#short', null],
    ['#has space in it and is long', null],
    [`#${TOKEN}<script>`, null],
  ])('%s -> %s', (hash, token) => {
    expect(tokenFromHash(hash)).toBe(token);
  });
});

describe('readEntryLink', () => {
  it('reads an invitation link', () => {
    expect(readEntryLink('', `#${TOKEN}`)).toEqual({ token: TOKEN, optOut: false });
  });

  it('reads an opt-out link from an e-mail', () => {
    expect(readEntryLink('?reminders=off', `#${TOKEN}`)).toEqual({ token: TOKEN, optOut: true });
    expect(readEntryLink('?lang=de&reminders=OFF', `#${TOKEN}`)).toEqual({ token: TOKEN, optOut: true });
  });

  it('treats any other reminders value as a plain invitation', () => {
    expect(readEntryLink('?reminders=on', `#${TOKEN}`)).toEqual({ token: TOKEN, optOut: false });
    expect(readEntryLink('?reminders=', `#${TOKEN}`)).toEqual({ token: TOKEN, optOut: false });
  });

  it('needs a token: an opt-out without one does nothing', () => {
    expect(readEntryLink('?reminders=off', '')).toBeNull();
    expect(readEntryLink('?reminders=off', '#nope')).toBeNull();
  });
});
