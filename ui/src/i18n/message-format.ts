/**
 * The catalogue text syntax, shared by the panelist app and the console (a small subset of ICU
 * MessageFormat, so translators and their tools know it):
 *
 * - `{name}` is replaced by `vars.name`; numbers are written the locale's way (1 234,5 in Polish).
 * - `{count, plural, =0 {none} one {# statement} few {# stwierdzenia} many {# stwierdzeń} other {# statements}}`
 *   picks a branch: first an exact `=N` match, then the category `Intl.PluralRules(locale)` gives
 *   for the count (zero, one, two, few, many, other), then `other`. Inside a branch `#` is the
 *   count and `{name}` placeholders work as anywhere else.
 *
 * Every catalogue gives each plural the categories its own language uses (English one/other,
 * Polish one/few/many/other); the catalogue test checks that, and that every language uses the
 * same placeholders as English.
 */

export type Vars = Record<string, string | number>;

type Part = string | { name: string } | { name: string; branches: Record<string, Part[]> };

const compiled = new Map<string, Part[]>();

/** Splits a template into text, placeholders and plurals; unknown or broken braces stay as text. */
export function parseMessage(template: string): Part[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = parseParts(template);
    compiled.set(template, parts);
  }
  return parts;
}

/** The index just after the brace that closes the one at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function parseParts(s: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const end = s[i] === '{' ? closing(s, i) : -1;
    const part = end > 0 ? parseArgument(s.slice(i + 1, end - 1)) : null;
    if (part) {
      if (text) parts.push(text);
      text = '';
      parts.push(part);
      i = end;
    } else {
      text += s[i++];
    }
  }
  if (text) parts.push(text);
  return parts;
}

function parseArgument(inner: string): Part | null {
  if (/^\w+$/.test(inner)) return { name: inner };
  const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(inner);
  if (!plural) return null;
  const branches: Record<string, Part[]> = {};
  const rest = plural[2];
  let i = 0;
  while (i < rest.length) {
    const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(rest.slice(i));
    if (!selector) {
      if (rest.slice(i).trim() === '') break;
      return null;
    }
    const open = i + selector[0].length - 1;
    const end = closing(rest, open);
    if (end < 0) return null;
    branches[selector[1]] = parseParts(rest.slice(open + 1, end - 1));
    i = end;
  }
  return 'other' in branches ? { name: plural[1], branches } : null;
}

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(map: Map<string, T>, locale: string, make: (locale: string) => T): T {
  let value = map.get(locale);
  if (!value) {
    try {
      value = make(locale);
    } catch {
      value = make('en');
    }
    map.set(locale, value);
  }
  return value;
}

/** A number written the locale's way. */
export const formatNumber = (n: number, locale: string): string => cached(numberFormats, locale, (l) => new Intl.NumberFormat(l)).format(n);

/** The plural category a count takes in a language ("one", "few", "many", "other"…). */
export const pluralCategory = (n: number, locale: string): Intl.LDMLPluralRule => cached(pluralRules, locale, (l) => new Intl.PluralRules(l)).select(n);

function render(parts: Part[], vars: Vars, locale: string, hash: string | null): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += hash === null ? part : part.replaceAll('#', hash);
    else if (!(part.name in vars)) out += `{${part.name}}`;
    else if ('branches' in part) {
      const n = Number(vars[part.name]);
      const branch = part.branches[`=${n}`] ?? part.branches[pluralCategory(n, locale)] ?? part.branches.other;
      out += render(branch, vars, locale, formatNumber(n, locale));
    } else {
      const value = vars[part.name];
      out += typeof value === 'number' ? formatNumber(value, locale) : value;
    }
  }
  return out;
}

/** Fills a catalogue text; unknown placeholders stay visible so a missing value is noticed. */
export function format(template: string, vars?: Vars, locale = 'en'): string {
  if (!vars) return template;
  return render(parseMessage(template), vars, locale, null);
}

/** Every placeholder and plural a text uses, with the plural categories it gives (for the catalogue tests). */
export function argumentsOf(template: string): { names: string[]; plurals: Record<string, string[]> } {
  const names = new Set<string>();
  const plurals: Record<string, string[]> = {};
  const visit = (parts: Part[]) => {
    for (const part of parts) {
      if (typeof part === 'string') continue;
      names.add(part.name);
      if ('branches' in part) {
        plurals[part.name] = [...new Set([...(plurals[part.name] ?? []), ...Object.keys(part.branches)])].sort();
        Object.values(part.branches).forEach(visit);
      }
    }
  };
  visit(parseMessage(template));
  return { names: [...names].sort(), plurals };
}
