/**
 * The default labels of the influence scale 0 (no influence) … 4 (very high) in the languages the
 * console speaks, filled in for each study language so the facilitator only edits what differs.
 */
const DEFAULTS: Record<string, string[]> = {
  en: ['No influence', 'Low', 'Medium', 'High', 'Very high'],
  fr: ['Aucune influence', 'Faible', 'Moyenne', 'Forte', 'Très forte'],
  de: ['Kein Einfluss', 'Gering', 'Mittel', 'Hoch', 'Sehr hoch'],
  es: ['Ninguna influencia', 'Baja', 'Media', 'Alta', 'Muy alta'],
  it: ['Nessuna influenza', 'Bassa', 'Media', 'Alta', 'Molto alta'],
  pl: ['Brak wpływu', 'Niski', 'Średni', 'Wysoki', 'Bardzo wysoki'],
};

/** Five labels for `language`: its defaults, or empty fields to fill in for a language without them. */
export function defaultRelationLabels(language: string): string[] {
  return [...(DEFAULTS[language.split('-')[0]] ?? ['', '', '', '', ''])];
}

/** Every ordered pair of the codes, row by row. */
export function allPairs(codes: readonly string[]): [string, string][] {
  return codes.flatMap((from) => codes.filter((to) => to !== from).map((to): [string, string] => [from, to]));
}
