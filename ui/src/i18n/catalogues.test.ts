import { describe, expect, it } from 'vitest';
import { en } from './en';
import de from './de';
import fr from './fr';
import es from './es';
import { format, uiLanguageFor } from './i18n.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('panelist catalogues', () => {
  it.each([
    ['de', de],
    ['fr', fr],
    ['es', es],
  ])('%s has every English key with the same placeholders, and no empty text', (_lang, messages) => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const translated = (messages as Record<string, string>)[key];
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{answered} of {total} answered', { answered: 3, total: 20 })).toBe('3 of 20 answered');
    expect(format('Round {n}', {})).toBe('Round {n}');
    expect(format('No placeholders')).toBe('No placeholders');
  });
});

describe('uiLanguageFor', () => {
  it.each([
    ['de', 'de'],
    ['fr-BE', 'fr'],
    ['ES', 'es'],
    ['nl', 'en'],
    ['pt-BR', 'en'],
  ])('%s -> %s', (code, ui) => {
    expect(uiLanguageFor(code)).toBe(ui);
  });
});
