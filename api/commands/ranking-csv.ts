/**
 * The round format of the concordance command: round,panelist,item,rank[,group] in any column
 * order. Every problem is reported by its line (the header is line 1).
 */
import type { PanelistRanking } from '../stats';
import { CsvProblems, MAX_REPORTED, naturalCompare, readRecords } from './rating-csv';

/** One round's rankings; `ranks` follow `items` (natural order), null where the panelist left an item unranked. */
export interface RoundRankings {
  round: number;
  items: string[];
  rankings: PanelistRanking[];
}

interface RankCell {
  line: number;
  rank: number;
}

/** True when the file's header has a `round` column (then concordance reports per round). */
export function hasRoundColumn(text: string): boolean {
  // No required columns: any problem thrown here is the one the header-only format would report too.
  return readRecords(text, [], []).columns.has('round');
}

/**
 * round,panelist,item,rank[,group]. Rounds are positive integers; a rank is a number in 1..n, n
 * being the number of items ranked in that round by anyone (equal numbers are ties, turned into
 * midranks later); an item may occur once per panelist and round; a panelist keeps one group (an
 * empty cell = no group). A panelist who ranked only some items of a round gave a top-k ranking.
 * Rounds ascending, items and panelists in natural order. Throws CsvProblems listing up to 20.
 */
export function readRoundRankings(text: string): { rounds: RoundRankings[]; hasGroup: boolean } {
  const { records, columns } = readRecords(text, ['round', 'panelist', 'item', 'rank'], ['group']);
  const problems: string[] = [];
  const cells = new Map<number, Map<string, Map<string, RankCell>>>();
  const groups = new Map<string, { group: string; line: number }>();
  for (const { line, cells: row } of records) {
    const get = (c: string) => row.get(c) ?? '';
    const [roundText, panelist, item, rankText, group] = [get('round'), get('panelist'), get('item'), get('rank'), get('group')];
    const before = problems.length;
    if (!/^\d+$/.test(roundText) || Number(roundText) < 1) problems.push(`line ${line}: round '${roundText}' is not a positive integer`);
    if (panelist === '' || item === '') problems.push(`line ${line}: panelist and item must not be empty`);
    if (!/^\d+(\.\d+)?$/.test(rankText) || Number(rankText) < 1) problems.push(`line ${line}: rank '${rankText}' is not a positive number`);
    if (problems.length > before) continue;
    const known = groups.get(panelist);
    if (known && known.group !== group) {
      problems.push(`line ${line}: panelist ${panelist} is in group '${group}' here but in '${known.group}' on line ${known.line}`);
      continue;
    }
    groups.set(panelist, known ?? { group, line });
    const round = Number(roundText);
    const byPanelist = cells.get(round) ?? new Map<string, Map<string, RankCell>>();
    const ranking = byPanelist.get(panelist) ?? new Map<string, RankCell>();
    const first = ranking.get(item);
    if (first) {
      problems.push(`line ${line}: item ${item} appears twice in the ranking of panelist ${panelist} in round ${round} (first on line ${first.line})`);
      continue;
    }
    ranking.set(item, { line, rank: Number(rankText) });
    byPanelist.set(panelist, ranking);
    cells.set(round, byPanelist);
  }
  const rounds = [...cells.keys()]
    .sort((a, b) => a - b)
    .map((round): RoundRankings => {
      const byPanelist = cells.get(round) as Map<string, Map<string, RankCell>>;
      const items = [...new Set([...byPanelist.values()].flatMap((r) => [...r.keys()]))].sort(naturalCompare);
      const rankings = [...byPanelist.keys()].sort(naturalCompare).map((panelist): PanelistRanking => {
        const ranking = byPanelist.get(panelist) as Map<string, RankCell>;
        for (const [item, { line, rank }] of ranking) {
          if (rank <= items.length) continue;
          problems.push(`line ${line}: rank ${rank} of item ${item} is outside 1..${items.length} (round ${round} ranks ${items.length} items)`);
        }
        return { panelist, group: groups.get(panelist)?.group ?? '', ranks: items.map((item) => ranking.get(item)?.rank ?? null) };
      });
      return { round, items, rankings };
    });
  if (problems.length > 0) throw new CsvProblems(problems.slice(0, MAX_REPORTED));
  return { rounds, hasGroup: columns.has('group') };
}
