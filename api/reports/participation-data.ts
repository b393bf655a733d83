import type { Db } from '../../db/client';
import { groupsToHide, participation, type ParticipationFigures } from '../stats';
import { listPanelists } from '../repositories/panelists';
import { countAnswersPerPanelist, listIdeaAuthors } from '../repositories/responses';
import { countItemsPerRound, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { eligiblePanelists } from '../services/round-analysis';

/** One subgroup's figures in one round; null when hidden by the disclosure rule (fewer than k invited, or exposed by subtraction). */
export interface GroupFigures {
  group: string;
  figures: ParticipationFigures | null;
}

export interface ParticipationRow {
  round: number;
  status: RoundRow['status'];
  kind: RoundRow['kind'];
  /** Items presented to every invited panelist this round. */
  itemsPresented: number;
  overall: ParticipationFigures;
  /** dimension → groups in the order the study lists their values. */
  groups: Record<string, GroupFigures[]>;
}

export interface ParticipationTable {
  dimensions: { name: string; label: string }[];
  rounds: ParticipationRow[];
}

/**
 * §9 participation through the engine's await participation(), counted as results-service await participation()
 * counts it (the participation endpoint), but with a few grouped queries for all rounds instead of
 * every answer (or a query per round), because a report covers all rounds of studies with hundreds of thousands of answers:
 * invited = eligible panelists (not withdrawn, or withdrawn with kept answers in the round),
 * answered = ratings or "cannot judge" (ideas in an open-ended round). Groups are hidden by the
 * disclosure rule (api/stats/disclosure.ts) over the invited panelists: fewer than k invited, or
 * whatever subtraction of the other groups' figures, of any attribute, would single out.
 */
export async function gatherParticipation(db: Db, study: StudyRow, planned: RoundRow[]): Promise<ParticipationTable> {
  // A draft round has invited nobody yet (as in results-service await participation()).
  const rounds = planned.filter((r) => r.status !== 'draft');
  const panel = await listPanelists(db, study.id);
  const attributes = study.attributes;
  const dimensions = attributes.map((a) => a.name);
  const presentedCounts = new Map<number, number>();
  const answers = countsPerRound(await countAnswersPerPanelist(db, study.id), (r) => r.n);
  // An open-ended round presents one task, so one idea answers it all.
  const ideas = countsPerRound(await listIdeaAuthors(db, study.id), () => 1);
  const itemsPerRound = await countItemsPerRound(db, study.id);
  const input = rounds.map((round) => {
    const answered = (round.kind === 'rating' ? answers : ideas).get(round.id) ?? new Map<number, number>();
    const presented = round.kind === 'rating' ? (itemsPerRound.get(round.id) ?? 0) : 1;
    presentedCounts.set(round.number, round.kind === 'rating' ? presented : 0);
    const eligible = new Set(eligiblePanelists(panel, new Set(answered.keys())).map((p) => p.id));
    return {
      round: round.number,
      panelists: panel.map((p) => ({
        panelist: String(p.id),
        invited: eligible.has(p.id),
        answeredCount: Math.min(answered.get(p.id) ?? 0, presented),
        presentedCount: presented,
        groups: p.attributes,
      })),
    };
  });
  const report = participation({ rounds: input, dimensions });
  const k = study.minGroupSize;
  return {
    dimensions: attributes.map((a) => ({ name: a.name, label: a.label })),
    rounds: report.rounds.map((r, i) => {
      const groups: Record<string, GroupFigures[]> = {};
      const invited = input[i].panelists.filter((p) => p.invited).map((p) => p.groups);
      const hiddenByAttribute = groupsToHide(invited, dimensions, k);
      for (const a of attributes) {
        const figures = r.groups[a.name] ?? {};
        const hidden = hiddenByAttribute[a.name];
        const known = [...a.values, ...Object.keys(figures).filter((g) => !a.values.includes(g))];
        groups[a.name] = known.filter((g) => figures[g] !== undefined).map((g) => ({ group: g, figures: hidden.has(g) ? null : figures[g] }));
      }
      const { round, groups: _g, ...overall } = r;
      return { round, status: rounds[i].status, kind: rounds[i].kind, itemsPresented: presentedCounts.get(round) ?? 0, overall, groups };
    }),
  };
}

/** roundId → panelistId → count. */
function countsPerRound<T extends { roundId: number; panelistId: number }>(rows: T[], n: (row: T) => number): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const r of rows) {
    let round = out.get(r.roundId);
    if (!round) out.set(r.roundId, (round = new Map<number, number>()));
    round.set(r.panelistId, n(r));
  }
  return out;
}
