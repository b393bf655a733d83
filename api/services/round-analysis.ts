import type { Db } from '../../db/client';
import { analyseRound, type Answer, type ItemRoundInput, type RoundAnalysis } from '../stats';
import { listPanelists, type PanelistRow } from '../repositories/panelists';
import { findRoundByNumber, listRoundItems, type RoundRow } from '../repositories/rounds';
import { listResponsesForRound, type ResponseRow } from '../repositories/responses';
import type { StudyRow } from '../repositories/studies';
import { attributesOf, protocolOf, scaleOf } from './study-service';

function answersOf(rows: ResponseRow[], itemVersionId: number, panelists: Map<number, PanelistRow>): Answer[] {
  const out: Answer[] = [];
  for (const r of rows) {
    if (r.itemVersionId !== itemVersionId) continue;
    const p = panelists.get(r.panelistId);
    if (!p) continue;
    out.push({ panelist: String(p.id), value: r.cannotJudge ? null : r.value, groups: p.attributes });
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
export function buildAnalysisInput(db: Db, study: StudyRow, round: RoundRow) {
  const all = listPanelists(db, study.id);
  const byId = new Map(all.map((p) => [p.id, p]));
  const responses = listResponsesForRound(db, round.id);
  const eligible = eligiblePanelists(all, new Set(responses.map((r) => r.panelistId)));
  const previousRound = round.number > 1 ? findRoundByNumber(db, study.id, round.number - 1) : undefined;
  const previousResponses = previousRound?.status === 'closed' ? listResponsesForRound(db, previousRound.id) : [];
  const previousVersions = new Set(previousRound ? listRoundItems(db, previousRound.id).map((r) => r.version.id) : []);
  const presented = listRoundItems(db, round.id);

  const items: ItemRoundInput[] = presented.map(({ item, version }) => {
    const input: ItemRoundInput = {
      itemId: String(item.id),
      versionId: String(version.id),
      nPresented: eligible.length,
      nInvited: eligible.length,
      answers: answersOf(responses, version.id, byId),
    };
    if (previousRound && previousVersions.has(version.id)) {
      input.previous = { round: previousRound.number, versionId: String(version.id), answers: answersOf(previousResponses, version.id, byId) };
    }
    return input;
  });
  return {
    presented,
    input: {
      round: round.number,
      scale: { min: scaleOf(study).min, max: scaleOf(study).max },
      protocol: protocolOf(study),
      dimensions: attributesOf(study).map((a) => a.name),
      items,
    },
  };
}

export function analyse(db: Db, study: StudyRow, round: RoundRow): { analysis: RoundAnalysis; presented: ReturnType<typeof listRoundItems> } {
  const { input, presented } = buildAnalysisInput(db, study, round);
  return { analysis: analyseRound(input), presented };
}
