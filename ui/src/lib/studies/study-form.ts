/** Helpers for the study forms: turning what people type into what the API expects. */

/** "en, de ,FR" -> ["en", "de", "fr"], without duplicates or blanks. */
export function parseLanguages(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const code = part.trim();
    if (!code) continue;
    const normal = code.includes('-')
      ? code
          .split('-')
          .map((p, i) => (i === 0 ? p.toLowerCase() : p))
          .join('-')
      : code.toLowerCase();
    if (!out.includes(normal)) out.push(normal);
  }
  return out;
}

const AGREEMENT: Record<string, [string, string, string]> = {
  en: ['Strongly disagree', 'Neither agree nor disagree', 'Strongly agree'],
  de: ['Stimme überhaupt nicht zu', 'Weder noch', 'Stimme voll und ganz zu'],
  fr: ['Pas du tout d’accord', 'Ni d’accord ni en désaccord', 'Tout à fait d’accord'],
  es: ['Totalmente en desacuerdo', 'Ni de acuerdo ni en desacuerdo', 'Totalmente de acuerdo'],
  it: ['Per niente d’accordo', 'Né d’accordo né in disaccordo', 'Del tutto d’accordo'],
  pl: ['Zdecydowanie się nie zgadzam', 'Ani się zgadzam, ani się nie zgadzam', 'Zdecydowanie się zgadzam'],
};

/** End and middle labels of an agreement scale in the languages we have words for. */
export function defaultScaleLabels(min: number, max: number, languages: string[]): Record<string, Record<string, string>> {
  const labels: Record<string, Record<string, string>> = {};
  const mid = (max - min) % 2 === 0 ? (min + max) / 2 : null;
  for (const lang of languages) {
    const words = AGREEMENT[lang.split('-')[0]];
    if (!words) continue;
    labels[lang] = { [String(min)]: words[0], [String(max)]: words[2], ...(mid === null ? {} : { [String(mid)]: words[1] }) };
  }
  return labels;
}

/** Display name of a language code in the console's language ("de" -> "German", "Deutsch", "niemiecki"). */
export { languageName } from '../../i18n/console.svelte';
