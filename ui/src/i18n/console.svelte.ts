import { en, type ConsoleKey } from './console/en';
import { Catalogue } from './catalogue.svelte';
import { UI_LANGUAGES, type UiLanguage } from '$contract/languages';

/** The facilitator console's strings; only the console chunk imports this, so /join stays small. */
export const consoleI18n = new Catalogue<ConsoleKey>(en, {
  de: () => import('./console/de'),
  fr: () => import('./console/fr'),
  es: () => import('./console/es'),
  it: () => import('./console/it'),
  pl: () => import('./console/pl'),
});
export const t = consoleI18n.t;

/** Each console language named in itself, for the picker. */
export const CONSOLE_LANGUAGES: { code: UiLanguage; name: string }[] = UI_LANGUAGES.map((code) => {
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  return { code, name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1) };
});

/** The language a facilitator's console opens in: the one they chose, else the browser's. */
export const consoleLanguageOf = (chosen: string | null | undefined): string =>
  chosen ?? (typeof navigator === 'undefined' ? 'en' : navigator.language || 'en');

/** A language's name in the console's language ("Polish", "polnisch"), for lists of study languages. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([consoleI18n.locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A label used inside a sentence: lower-cased, except in German, where nouns keep their capital. */
export const inSentence = (label: string): string => (consoleI18n.locale === 'de' ? label : label.toLowerCase());

/** Splits a catalogue text at `backticks`: odd parts are code names the page shows as <code>. */
export const codeParts = (text: string): string[] => text.split('`');
