/** Reading the relations command's CSV: panelist,from,to,rating[,group], every problem by its line. */
import type { RelationRating } from '../stats';
import { CsvProblems, MAX_REPORTED, naturalCompare, readRecords } from './rating-csv';

/** A relations block needs at least this many elements (issue #17: 3–12). */
export const MIN_ELEMENTS = 3;

/**
 * panelist,from,to,rating[,group] in any column order. A rating is an integer 0–4, or empty / NA
 * for "cannot judge"; from ≠ to; one row per panelist and ordered pair; a panelist keeps one group
 * (an empty cell = no group). Elements are every code in from or to, in natural order, at least 3.
 * Throws CsvProblems listing up to 20 problems.
 */
export function readRelations(text: string): { elements: string[]; ratings: RelationRating[]; hasGroup: boolean } {
  const { records, columns } = readRecords(text, ['panelist', 'from', 'to', 'rating'], ['group']);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const groups = new Map<string, { group: string; line: number }>();
  const ratings: RelationRating[] = [];
  for (const { line, cells } of records) {
    const get = (c: string) => cells.get(c) ?? '';
    const [panelist, from, to, ratingText, group] = [get('panelist'), get('from'), get('to'), get('rating'), get('group')];
    const before = problems.length;
    if (panelist === '' || from === '' || to === '') problems.push(`line ${line}: panelist, from and to must not be empty`);
    else if (from === to) problems.push(`line ${line}: from and to are both ${from} (a relation needs two different elements)`);
    let rating: number | null = null;
    if (ratingText !== '' && ratingText.toUpperCase() !== 'NA') {
      if (!/^[+-]?\d+$/.test(ratingText)) {
        problems.push(`line ${line}: rating '${ratingText}' is not an integer (leave it empty or write NA for "cannot judge")`);
      } else if (Number(ratingText) < 0 || Number(ratingText) > 4) problems.push(`line ${line}: rating ${Number(ratingText)} is outside 0-4`);
      else rating = Number(ratingText);
    }
    if (problems.length > before) continue;
    const key = JSON.stringify([panelist, from, to]);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`line ${line}: duplicate row for panelist ${panelist}, ${from} -> ${to} (first on line ${first})`);
      continue;
    }
    seen.set(key, line);
    const known = groups.get(panelist);
    if (known && known.group !== group) {
      problems.push(`line ${line}: panelist ${panelist} is in group '${group}' here but in '${known.group}' on line ${known.line}`);
      continue;
    }
    groups.set(panelist, known ?? { group, line });
    ratings.push({ panelist, from, to, rating, group });
  }
  if (problems.length > 0) throw new CsvProblems(problems.slice(0, MAX_REPORTED));
  const elements = [...new Set(ratings.flatMap((r) => [r.from, r.to]))].sort(naturalCompare);
  if (elements.length < MIN_ELEMENTS) {
    const found = elements.length === 0 ? 'no elements' : `only ${elements.length} element${elements.length > 1 ? 's' : ''} (${elements.join(', ')})`;
    throw new CsvProblems([`${found}: a relations block needs at least ${MIN_ELEMENTS}`]);
  }
  return { elements, ratings, hasGroup: columns.has('group') };
}
