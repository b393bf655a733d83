import type { Db } from '../../db/client';
import { analyseRound, type Answer, type ItemRoundInput, type RoundAnalysis } from '../stats';
import { listPanelists, type PanelistRow } from '../repositories/panelists';
import { findRoundByNumber, listRoundItems, type RoundRow } from '../repositories/rounds';
import { listAnswersForRound } from '../repositories/responses';
import type { StudyRow } from '../repositories/studies';

/** Answers per item version, each with the panelist's frozen attributes: one pass over the rows. */
function answersByVersion(rows: Awaited<ReturnType<typeof listAnswersForRound>>, panelists: Map<number, PanelistRow>): Map<number, Answer[]> {
  const out = new Map<number, Answer[]>();
  const ids = new Map<number, string>();
  for (const [panelistId, itemVersionId, value, cannotJudge] of rows) {
    const p = panelists.get(panelistId);
    if (!p) continue;
    let id = ids.get(panelistId);
    if (id === undefined) ids.set(panelistId, (id = String(panelistId)));
    let list = out.get(itemVersionId);
    if (!list) out.set(itemVersionId, (list = []));
    list.push({ panelist: id, value: cannotJudge ? null : value, groups: p.attributes });
  }
  return out;
}

/** Panelists a round counts as invited: everyone not withdrawn, plus withdrawn panelists whose kept answers are in it. */
export function eligiblePanelists(all: PanelistRow[], answered: Set<number>): PanelistRow[] {
  return all.filter((p) => p.status !== 'withdrawn' || answered.has(p.id));
}

/**
 * Gathers a round's answers into the statistics engine's input: every presented item version,
 * the answers with each panelist's frozen attributes, and the previous round's answers to the
 * same version for the stability measures.
 */
export async function buildAnalysisInput(db: Db, study: StudyRow, round: RoundRow) {
  const all = await listPanelists(db, study.id);
  const byId = new Map(all.map((p) => [p.id, p]));
  const responses = await listAnswersForRound(db, round.id);
  const eligible = eligiblePanelists(all, new Set(responses.map((r) => r[0])));
  const previousRound = round.number > 1 ? await findRoundByNumber(db, study.id, round.number - 1) : undefined;
  const previousResponses = previousRound?.status === 'closed' ? await listAnswersForRound(db, previousRound.id) : [];
  const previousVersions = new Set(previousRound ? (await listRoundItems(db, previousRound.id)).map((r) => r.version.id) : []);
  const presented = await listRoundItems(db, round.id);

  const current = answersByVersion(responses, byId);
  const before = answersByVersion(previousResponses, byId);
  const items: ItemRoundInput[] = presented.map(({ item, version }) => {
    const input: ItemRoundInput = {
      itemId: String(item.id),
      versionId: String(version.id),
      nPresented: eligible.length,
      nInvited: eligible.length,
      answers: current.get(version.id) ?? [],
    };
    if (previousRound && previousVersions.has(version.id)) {
      input.previous = { round: previousRound.number, versionId: String(version.id), answers: before.get(version.id) ?? [] };
    }
    return input;
  });
  return {
    presented,
    input: {
      round: round.number,
      scale: { min: study.scale.min, max: study.scale.max },
      // The stored protocol keeps lockedAt null; the study row holds the lock time the settings echo.
      protocol: { ...study.protocol, lockedAt: study.protocolLockedAt },
      dimensions: study.attributes.map((a) => a.name),
      items,
    },
  };
}

export async function analyse(db: Db, study: StudyRow, round: RoundRow) {
  const { input, presented } = await buildAnalysisInput(db, study, round);
  const analysis: RoundAnalysis = analyseRound(input);
  return { analysis, presented, input };
}
