/**
 * The item flow across rounds (consensus-methods.md §9): what each round presented, how it ended,
 * and what happened to each item on the way into the next round, with the §9 identities checked.
 */
import type { ReportData, ReportDecision } from './report-data';
import { outcomeWords, withOutcomeWords } from '../contract/words';

export interface FlowRound {
  number: number;
  status: string;
  presented: number;
  /** Outcome → items (closed rating rounds only). */
  outcomes: [string, number][];
}

export interface FlowTransition {
  from: number;
  into: number;
  presentedFrom: number;
  carried: number;
  reworded: number;
  added: number;
  dropped: number;
  retired: number;
  /** Items merged away, and the new items their merges made. */
  merged: number;
  mergedInto: number;
  /** Items split, and the new items their splits made. */
  split: number;
  splitInto: number;
  presentedInto: number;
  /** Every item of the earlier round got exactly one decision: carried + reworded + dropped + retired + merged + split = presented. */
  everyItemDecided: boolean;
  /** presented_{r+1} = carried + reworded + added + made by merging + made by splitting. */
  nextRoundAccounted: boolean;
}

/** One item's path: a cell per round in scope. */
export interface ItemPath {
  itemId: number;
  cells: string[];
}

export interface ItemFlow {
  rounds: FlowRound[];
  transitions: FlowTransition[];
  paths: ItemPath[];
}

export function itemFlow(data: ReportData): ItemFlow {
  const count = (list: ReportDecision[], action: ReportDecision['action']) => list.filter((d) => d.action === action).length;
  const rounds: FlowRound[] = data.rounds.map((r) => {
    const outcomes = new Map<string, number>();
    for (const x of r.results) outcomes.set(x.outcome, (outcomes.get(x.outcome) ?? 0) + 1);
    return { number: r.number, status: r.status, presented: r.presented.length, outcomes: [...outcomes].sort((a, b) => b[1] - a[1]) };
  });
  const transitions: FlowTransition[] = [];
  for (let i = 1; i < data.rounds.length; i++) {
    const into = data.rounds[i];
    const list = data.decisions.filter((d) => d.round === into.number);
    const t = {
      from: data.rounds[i - 1].number,
      into: into.number,
      presentedFrom: data.rounds[i - 1].presented.length,
      carried: count(list, 'carry'),
      reworded: count(list, 'reword'),
      added: count(list, 'add'),
      dropped: count(list, 'drop'),
      retired: count(list, 'retire'),
      merged: count(list, 'merge'),
      mergedInto: count(list, 'merged'),
      split: count(list, 'split'),
      splitInto: count(list, 'split_off'),
      presentedInto: into.presented.length,
    };
    transitions.push({
      ...t,
      everyItemDecided: t.carried + t.reworded + t.dropped + t.retired + t.merged + t.split === t.presentedFrom,
      nextRoundAccounted: t.carried + t.reworded + t.added + t.mergedInto + t.splitInto === t.presentedInto,
    });
  }
  return { rounds, transitions, paths: paths(data) };
}

function paths(data: ReportData): ItemPath[] {
  const versionNumber = new Map(data.items.flatMap((i) => i.versions.map((v) => [v.id, v.version] as const)));
  const code = (ids: number[]) => ids.map((id) => data.items.find((i) => i.id === id)?.code ?? `#${id}`).join(', ');
  const decisionOf = new Map(data.decisions.map((d) => [`${d.round}:${d.itemId}`, d]));
  return data.items
    .filter((item) => data.rounds.some((r) => r.presented.some((p) => p.itemId === item.id)))
    .map((item) => {
      let gone = false;
      const cells = data.rounds.map((round) => {
        const shown = round.presented.find((p) => p.itemId === item.id);
        const decision = decisionOf.get(`${round.number}:${item.id}`);
        if (!shown) {
          if (gone || !decision) return '';
          gone = true;
          if (decision.action === 'merge') return `merged into ${code(decision.linkedItemIds)}`;
          if (decision.action === 'split') return `split into ${code(decision.linkedItemIds)}`;
          return decision.action === 'drop'
            ? `dropped: ${withOutcomeWords(decision.reason ?? 'no reason given')}`
            : `retired${decision.reason ? ` (${withOutcomeWords(decision.reason)})` : ''}`;
        }
        const how =
          decision?.action === 'reword'
            ? ' reworded'
            : decision?.action === 'add'
              ? ' added'
              : decision?.action === 'merged'
                ? ` merged from ${code(decision.linkedItemIds)}`
                : decision?.action === 'split_off'
                  ? ` split from ${code(decision.linkedItemIds)}`
                  : '';
        const result = round.results.find((x) => x.itemId === item.id);
        const state = result ? outcomeWords(result.outcome) : round.status === 'closed' ? 'no result' : `round ${round.status}`;
        return `v${versionNumber.get(shown.versionId) ?? '?'}${how}: ${state}`;
      });
      return { itemId: item.id, cells };
    });
}
