/** Finding items, versions and verdict wording in ReportData, shared by the report's sections. */
import type { ItemRoundResult } from '../../../stats';
import { outcomeWords, quantileMethodWords } from '../../../contract/words';
import type { ReportData, ReportItem, ReportRound } from '../../report-data';

export class Lookups {
  readonly items: Map<number, ReportItem>;
  readonly versions: Map<number, { item: ReportItem; version: number; text: string }>;

  constructor(readonly data: ReportData) {
    this.items = new Map(data.items.map((i) => [i.id, i]));
    this.versions = new Map(data.items.flatMap((i) => i.versions.map((v) => [v.id, { item: i, version: v.version, text: v.text }] as const)));
  }

  item(id: number): ReportItem {
    return this.items.get(id)!;
  }

  /** "K4" or "K4 v2" when the item was reworded. */
  label(versionId: number): string {
    const v = this.versions.get(versionId);
    if (!v) return `version ${versionId}`;
    return v.version > 1 ? `${v.item.code} v${v.version}` : v.item.code;
  }

  text(versionId: number): string {
    return this.versions.get(versionId)?.text ?? '';
  }

  /** Closed rating rounds in scope, oldest first. */
  closedRounds(): ReportRound[] {
    return this.data.rounds.filter((r) => r.meta !== null);
  }
}

/** Plain words for how the outcome came about, naming the rule that fired. */
export function decidedByText(r: ItemRoundResult): string {
  switch (r.decidedBy) {
    case 'rule':
      return `rule ${(r.ruleIndex ?? 0) + 1}`;
    case 'default':
      return 'default (no rule fired)';
    case 'guard':
      return `guard: ${r.guard?.detail ?? 'too little data'}`;
    case 'undetermined':
      return `rule ${(r.ruleIndex ?? 0) + 1} undetermined (a metric it needs is undefined)`;
  }
}

/** A rule fired: the protocol's definition of consensus (in or out) was met. */
export function reachedConsensus(r: ItemRoundResult): boolean {
  return r.decidedBy === 'rule';
}

/** "differs: No consensus under Hyndman-Fan type 6". */
export function sensitivityText(r: ItemRoundResult): string {
  return r.sensitivity.differs ? `differs: ${outcomeWords(r.sensitivity.otherOutcome)} under ${quantileMethodWords(r.sensitivity.otherMethod)}` : 'no';
}

export function roundTitle(round: ReportRound): string {
  return `Round ${round.number}`;
}
