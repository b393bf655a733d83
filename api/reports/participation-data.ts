import type { Db } from '../../db/client';
import { groupsToSuppress, participation, type GroupResult, type ParticipationFigures } from '../stats';
import { listPanelists } from '../repositories/panelists';
import { countAnswersByPanelist, countIdeasByPanelist } from '../repositories/reports';
import { countRoundItems, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { eligiblePanelists } from '../services/round-analysis';

/** One subgroup's figures in one round; null when suppressed (fewer than k invited, or its complement). */
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
 * counts it (the participation endpoint), but with one grouped query per round instead of every
 * answer, because a report covers all rounds of studies with hundreds of thousands of answers:
 * invited = eligible panelists (not withdrawn, or withdrawn with kept answers in the round),
 * answered = ratings or "cannot judge" (ideas in an open-ended round). Groups with fewer than k
 * invited panelists are suppressed, with the complementary group when only one would be.
 */
export async function gatherParticipation(db: Db, study: StudyRow, planned: RoundRow[]): Promise<ParticipationTable> {
  // A draft round has invited nobody yet (as in results-service await participation()).
  const rounds = planned.filter((r) => r.status !== 'draft');
  const panel = await listPanelists(db, study.id);
  const attributes = study.attributes;
  const dimensions = attributes.map((a) => a.name);
  const presentedCounts = new Map<number, number>();
  const input = await Promise.all(rounds.map(async (round) => {
    const answered = new Map<number, number>();
    if (round.kind === 'rating') for (const r of await countAnswersByPanelist(db, round.id)) answered.set(r.panelistId, r.answered);
    else for (const r of await countIdeasByPanelist(db, round.id)) answered.set(r.panelistId, r.ideas);
    const presented = round.kind === 'rating' ? await countRoundItems(db, round.id) : 1;
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
  }));
  const report = participation({ rounds: input, dimensions });
  const k = study.minGroupSize;
  return {
    dimensions: attributes.map((a) => ({ name: a.name, label: a.label })),
    rounds: report.rounds.map((r, i) => {
      const groups: Record<string, GroupFigures[]> = {};
      for (const a of attributes) {
        const figures = r.groups[a.name] ?? {};
        const hidden = hiddenGroups(new Map(Object.entries(figures).map(([g, f]) => [g, f.invited])), k);
        const known = [...a.values, ...Object.keys(figures).filter((g) => !a.values.includes(g))];
        groups[a.name] = known
          .filter((g) => figures[g] !== undefined)
          .map((g) => ({ group: g, figures: hidden.has(g) ? null : figures[g] }));
      }
      const { round, groups: _g, ...overall } = r;
      return { round, status: rounds[i].status, kind: rounds[i].kind, itemsPresented: presentedCounts.get(round) ?? 0, overall, groups };
    }),
  };
}

/** Groups to hide by size (the engine's rule: below k, plus the complement when only one is); empty groups reveal nothing. */
export function hiddenGroups(sizes: Map<string, number>, k: number): Set<string> {
  const groups: GroupResult[] = [...sizes]
    .filter(([, n]) => n > 0)
    .map(([group, n]) => ({ group, nValid: n, nNoOpinion: null, stats: null, rand: null, outcome: null, decidedBy: null, ruleIndex: null, guard: null, suppressed: false }));
  return groupsToSuppress(groups, k);
}
