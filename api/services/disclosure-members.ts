import type { Db } from '../../db/client';
import { listPanelists } from '../repositories/panelists';
import { listStudyResponses } from '../repositories/reports';
import { listAnswersForRound } from '../repositories/responses';
import type { StudyRow } from '../repositories/studies';
import type { Membership } from '../stats';

/**
 * The groups of every answer a round's results count, per item version: what the disclosure rule
 * (api/stats/disclosure.ts) needs to see which published groups nest in or overlap others.
 */
export async function membersOfRound(db: Db, study: StudyRow, roundId: number): Promise<Map<number, Membership[]>> {
  const attributes = new Map((await listPanelists(db, study.id)).map((p) => [p.id, p.attributes]));
  const out = new Map<number, Membership[]>();
  for (const [panelistId, itemVersionId] of await listAnswersForRound(db, roundId)) {
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
  for (const r of await listStudyResponses(db, study.id)) {
    const groups = attributes.get(r.panelistId);
    if (groups === undefined) continue;
    const key = `${r.roundId}|${r.itemVersionId}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(groups);
  }
  return out;
}
