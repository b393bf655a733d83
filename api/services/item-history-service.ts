/**
 * One item's history for the console: every version with its wording in each language, the
 * comments and ideas that prompted it (text only, never who wrote them), and each decision taken
 * about the item with who took it, why, and the items on the other side of a merge or split.
 */
import type { Db } from '../../db/client';
import { errors } from '../errors';
import { listFacilitatorNames, listStudyComments, listStudyIdeas, listStudyResults } from '../repositories/reports';
import { listItemDecisions, listRounds } from '../repositories/rounds';
import { findItem, listItemsWithVersions, type StudyRow } from '../repositories/studies';
import { overallWithheld } from '../stats';
import { opaqueIds } from './opaque-ids';

export async function itemHistory(db: Db, study: StudyRow, itemId: number) {
  const item = await findItem(db, study.id, itemId);
  if (!item) throw errors.notFound('Item');
  const rows = await listItemsWithVersions(db, study.id);
  const codeOf = new Map(rows.map((r) => [r.item.id, r.item.code]));
  const roundNumber = new Map((await listRounds(db, study.id)).map((r) => [r.id, r.number]));
  const nValid = new Map((await listStudyResults(db, study.id)).map((r) => [`${r.roundId}|${r.itemVersionId}`, r.result.stats.nValid]));
  const comments = new Map((await listStudyComments(db, study.id)).map((c) => [c.responseId, c]));
  const ideas = new Map((await listStudyIdeas(db, study.id)).map((i) => [i.id, i]));
  const decisions = (await listItemDecisions(db, study.id)).filter((d) => d.itemId === itemId);
  const names = new Map(
    (await listFacilitatorNames(db, [...new Set(decisions.flatMap((d) => (d.decidedBy === null ? [] : [d.decidedBy])))])).map((f) => [f.id, f.name]),
  );
  const ids = await opaqueIds(db, study.id);
  // Strict anonymity keeps a comment on an item rated by fewer than k panelists unquoted, as the report and the feedback do.
  const quotable = (roundId: number, versionId: number) =>
    study.anonymity !== 'strict' || !overallWithheld(nValid.get(`${roundId}|${versionId}`), study.minGroupSize);
  const linked = (list: number[]) => list.map((id) => ({ itemId: id, code: codeOf.get(id) ?? `#${id}` }));

  return {
    itemId: item.id,
    code: item.code,
    status: item.status,
    versions: rows
      .filter((r) => r.item.id === itemId)
      .map(({ version: v }) => {
        const cited = v.sourceResponseIds.flatMap((id) => {
          const c = comments.get(id);
          return c ? [c] : [];
        });
        const shown = cited.filter((c) => quotable(c.roundId, c.itemVersionId));
        return {
          versionId: v.id,
          version: v.version,
          texts: v.texts,
          reason: v.reason,
          createdAt: v.createdAt,
          promptedBy: shown.map((c) => ({
            commentId: ids.of('response', c.responseId),
            round: roundNumber.get(c.roundId)!,
            text: c.text,
            language: c.language,
          })),
          withheldComments: cited.length - shown.length,
        };
      }),
    decisions: decisions.map((d) => ({
      round: roundNumber.get(d.roundId)!,
      action: d.action,
      versionId: d.itemVersionId,
      reason: d.reason,
      // A facilitator created without a name still shows as someone, as in the report.
      decidedBy: d.decidedBy === null ? null : names.get(d.decidedBy)?.trim() || `facilitator #${d.decidedBy}`,
      at: d.createdAt,
      linkedItems: linked(d.linkedItemIds),
      ideas: d.sourceIdeaIds.flatMap((id) => {
        const idea = ideas.get(id);
        return idea ? [{ ideaId: ids.of('idea', id), round: roundNumber.get(idea.roundId)!, text: idea.text }] : [];
      }),
    })),
  };
}
