import { describe, expect, it } from 'vitest';
import { en } from './en';
import de from './de';
import fr from './fr';
import es from './es';
import itMessages from './it';
import pl from './pl';
import { en as consoleEn } from './console/en';
import consoleDe from './console/de';
import consoleFr from './console/fr';
import consoleEs from './console/es';
import consoleIt from './console/it';
import consolePl from './console/pl';
import { uiLanguageFor, UI_LANGUAGES } from './i18n.svelte';
import { argumentsOf, format } from './message-format';

type Catalogue = Readonly<Record<string, string>>;
const apps: Record<string, Record<string, Catalogue>> = {
  panelist: { en, de, fr, es, it: itMessages, pl },
  console: { en: consoleEn, de: consoleDe, fr: consoleFr, es: consoleEs, it: consoleIt, pl: consolePl },
};

describe.each(Object.entries(apps))('%s catalogues', (_app, catalogues) => {
  it('exist for every UI language', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...UI_LANGUAGES].sort());
  });

  it.each(UI_LANGUAGES.filter((l) => l !== 'en'))('%s has exactly the English keys, each with the same placeholders and no empty text', (lang) => {
    const messages = catalogues[lang];
    expect(Object.keys(messages).sort()).toEqual(Object.keys(catalogues.en).sort());
    for (const [key, text] of Object.entries(catalogues.en)) {
      expect(messages[key].trim(), key).not.toBe('');
      expect(argumentsOf(messages[key]).names, `${lang} ${key}`).toEqual(argumentsOf(text).names);
    }
  });

  it.each(UI_LANGUAGES)('%s gives every plural the categories its language uses', (lang) => {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [key, text] of Object.entries(catalogues[lang])) {
      for (const [name, given] of Object.entries(argumentsOf(text).plurals)) {
        expect(given, `${lang} ${key} {${name}}`).toEqual(expect.arrayContaining([...needed]));
      }
    }
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{answered} of {total} answered', { answered: 3, total: 20 })).toBe('3 of 20 answered');
    expect(format('Round {n}', {})).toBe('Round {n}');
    expect(format('No placeholders')).toBe('No placeholders');
  });

  it('writes numbers the locale’s way', () => {
    expect(format('{n} ratings', { n: 1234.5 }, 'de')).toBe('1.234,5 ratings');
    expect(format('{n} ratings', { n: 1234.5 }, 'en')).toBe('1,234.5 ratings');
  });

  const statements = '{n, plural, =0 {no statements} one {# statement} other {all # statements}} in {round}';
  it.each([
    [0, 'no statements in R1'],
    [1, '1 statement in R1'],
    [2, 'all 2 statements in R1'],
  ])('English %i picks "%s"', (n, text) => {
    expect(format(statements, { n, round: 'R1' }, 'en')).toBe(text);
  });

  const polish = '{n, plural, one {# stwierdzenie} few {# stwierdzenia} many {# stwierdzeń} other {# stwierdzenia}}';
  it.each([
    [0, '0 stwierdzeń'],
    [1, '1 stwierdzenie'],
    [2, '2 stwierdzenia'],
    [5, '5 stwierdzeń'],
    [12, '12 stwierdzeń'],
    [22, '22 stwierdzenia'],
    [25, '25 stwierdzeń'],
    [1.5, '1,5 stwierdzenia'],
  ])('Polish %s picks "%s"', (n, text) => {
    expect(format(polish, { n }, 'pl')).toBe(text);
  });

  it('uses the shipped Polish and English catalogues’ plurals', () => {
    expect([0, 1, 2, 5, 22].map((n) => format(pl['feedback.ratings'], { n }, 'pl'))).toEqual(['0 ocen', '1 ocena', '2 oceny', '5 ocen', '22 oceny']);
    expect([0, 1, 2].map((n) => format(en['feedback.ratings'], { n }, 'en'))).toEqual(['0 ratings', '1 rating', '2 ratings']);
    expect(format(en['end.body'], { n: 1 }, 'en')).not.toContain('all 1');
  });

  it('keeps text with broken braces as it is', () => {
    expect(format('{n, plural, one {x}', { n: 1 })).toBe('{n, plural, one {x}');
    expect(format('a {b c} d', { b: 1 })).toBe('a {b c} d');
  });
});

describe('uiLanguageFor', () => {
  it.each([
    ['de', 'de'],
    ['fr-BE', 'fr'],
    ['ES', 'es'],
    ['it-CH', 'it'],
    ['pl', 'pl'],
    ['nl', 'en'],
    ['pt-BR', 'en'],
  ])('%s -> %s', (code, ui) => {
    expect(uiLanguageFor(code)).toBe(ui);
  });
});
