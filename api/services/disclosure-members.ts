import type { Db } from '../../db/client';
import { listPanelists } from '../repositories/panelists';
import { listStudyResponses } from '../repositories/reports';
import { listAnswersForRound } from '../repositories/responses';
import type { StudyRow } from '../repositories/studies';
import type { Membership } from '../stats';
import { criteriaOf } from './criteria';

/**
 * The groups of every answer a round's results count, per item version: what the disclosure rule
 * (api/stats/disclosure.ts) needs to see which published groups nest in or overlap others.
 */
export async function membersOfRound(db: Db, study: StudyRow, roundId: number): Promise<Map<number, Membership[]>> {
  return (await criterionMembersOfRound(db, study, roundId)).get(criteriaOf(study)[0].code) ?? new Map();
}

/**
 * The same per criterion: criterion code -> item version -> memberships. Each criterion's groups
 * are published over its own answers (api/stats/analyse-round.ts), one membership per panelist.
 */
export async function criterionMembersOfRound(db: Db, study: StudyRow, roundId: number): Promise<Map<string, Map<number, Membership[]>>> {
  const attributes = new Map((await listPanelists(db, study.id)).map((p) => [p.id, p.attributes]));
  const out = new Map(criteriaOf(study).map((c) => [c.code, new Map<number, Membership[]>()]));
  for (const [panelistId, itemVersionId, , , criterion] of await listAnswersForRound(db, roundId)) {
    const groups = attributes.get(panelistId);
    const byItem = out.get(criterion);
    if (groups === undefined || byItem === undefined) continue;
    let list = byItem.get(itemVersionId);
    if (!list) byItem.set(itemVersionId, (list = []));
    list.push(groups);
  }
  return out;
}

/** One item version's memberships on every criterion after the first, for suppressSmallGroups. */
export function otherCriteria<K>(byCriterion: ReadonlyMap<string, ReadonlyMap<K, Membership[]>>, key: K): Map<string, Membership[]> {
  return new Map([...byCriterion].slice(1).map(([code, byItem]) => [code, byItem.get(key) ?? []]));
}

/** The same for every round of a study at once, keyed by `${roundId}|${itemVersionId}`. */
export async function membersOfStudy(db: Db, study: StudyRow): Promise<Map<string, Membership[]>> {
  return (await criterionMembersOfStudy(db, study)).get(criteriaOf(study)[0].code) ?? new Map();
}

/** The same per criterion: criterion code -> `${roundId}|${itemVersionId}` -> memberships. */
export async function criterionMembersOfStudy(db: Db, study: StudyRow): Promise<Map<string, Map<string, Membership[]>>> {
  const attributes = new Map((await listPanelists(db, study.id)).map((p) => [p.id, p.attributes]));
  const out = new Map(criteriaOf(study).map((c) => [c.code, new Map<string, Membership[]>()]));
  for (const r of await listStudyResponses(db, study.id)) {
    const groups = attributes.get(r.panelistId);
    const byItem = out.get(r.criterion);
    if (groups === undefined || byItem === undefined) continue;
    const key = `${r.roundId}|${r.itemVersionId}`;
    let list = byItem.get(key);
    if (!list) byItem.set(key, (list = []));
    list.push(groups);
  }
  return out;
}
