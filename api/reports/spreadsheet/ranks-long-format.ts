import type { Db } from '../../../db/client';
import { listBlockAnswersOfRounds, listBlocksOfRounds } from '../../repositories/blocks';
import { listPanelists } from '../../repositories/panelists';
import { listRounds } from '../../repositories/rounds';
import type { StudyRow } from '../../repositories/studies';
import { byCode } from '../pseudonyms';
import { pseudonymisedPeople } from './long-format';

/** A panelist's rank of one item in one ranking block; rank null for an item left unranked. */
export interface RankRow {
  round: number;
  /** The block's position in its round, from 1, as in the rankings CSV. */
  ranking: number;
  panelist: string;
  /** One value per attribute (in RanksLongFormat.attributes order), or "suppressed" where coarsened. */
  attributes: string[];
  item: string;
  rank: number | null;
}

export interface RanksLongFormat {
  attributes: string[];
  /** What was done to the attributes, in words, for the file itself. */
  note: string;
  rows: RankRow[];
}

/**
 * Every rank given in a ranking block, in long format (one row per round × ranking × panelist ×
 * item) for the shareable exports, protected exactly as the ratings' long format: fresh codes and
 * the same coarsening of attributes (pseudonymisedPeople), over the panelists who ranked. Null in
 * strict anonymity mode, where nothing is exported per person.
 */
export async function longFormatRanks(db: Db, study: StudyRow): Promise<RanksLongFormat | null> {
  if (study.anonymity === 'strict') return null;
  const rounds = await listRounds(db, study.id);
  const roundIds = rounds.map((r) => r.id);
  const [blocks, answers, panel] = await Promise.all([listBlocksOfRounds(db, roundIds), listBlockAnswersOfRounds(db, roundIds), listPanelists(db, study.id)]);
  const rankings = new Map(blocks.filter((b) => b.kind === 'ranking').map((b) => [b.id, b.position + 1]));
  const ranked = answers.filter((a) => rankings.has(a.blockId));
  const { codes, shown, note } = pseudonymisedPeople(study, panel, new Set(ranked.map((a) => a.panelistId)));
  const number = new Map(rounds.map((r) => [r.id, r.number]));
  const rows = ranked
    .filter((a) => shown.has(a.panelistId))
    .map((a) => ({
      round: number.get(a.roundId)!,
      ranking: rankings.get(a.blockId)!,
      panelist: codes.get(a.panelistId)!,
      attributes: shown.get(a.panelistId)!,
      item: a.subject,
      rank: a.value,
    }));
  // By round, ranking, pseudonym and item, as the ratings go: never by enrolment or answer order.
  rows.sort((a, b) => a.round - b.round || a.ranking - b.ranking || byCode(a.panelist, b.panelist) || byCode(a.item, b.item));
  return { attributes: study.attributes.map((a) => a.name), note, rows };
}
