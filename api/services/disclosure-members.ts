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
  const attributes = new Map((await listPanelists(db, study.id)).map((p) => [p.id, p.attributes]));
  const out = new Map<number, Membership[]>();
  // The published groups are the first criterion's (api/stats/analyse-round.ts): one membership per panelist.
  const first = criteriaOf(study)[0].code;
  for (const [panelistId, itemVersionId, , , criterion] of await listAnswersForRound(db, roundId)) {
    if (criterion !== first) continue;
    const groups = attributes.get(panelistId);
    if (groups === undefined) continue;
    let list = out.get(itemVersionId);
    if (!list) out.set(itemVersionId, (list = []));
    list.push(groups);
  }
  return out;
}

/** The same for every round of a study at once, keyed by `${roundId}|${itemVersionId}`. */
export async function membersOfStudy(db: Db, study: StudyRow): Promise<Map<string, Membership[]>> {
  const attributes = new Map((await listPanelists(db, study.id)).map((p) => [p.id, p.attributes]));
  const out = new Map<string, Membership[]>();
  const first = criteriaOf(study)[0].code;
  for (const r of await listStudyResponses(db, study.id)) {
    if (r.criterion !== first) continue;
    const groups = attributes.get(r.panelistId);
    if (groups === undefined) continue;
    const key = `${r.roundId}|${r.itemVersionId}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(groups);
  }
  return out;
}
