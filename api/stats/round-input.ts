/** What the server and the CLI hand to analyseRound (one closed round of one study). */
import type { Protocol } from './protocol';
import type { Scale } from './scale';

/** One panelist's answer to one item version in one round. */
export interface Answer {
  panelist: string;
  /** Integer on the scale, or null for "cannot judge" (NO_OPINION, §1.1). */
  value: number | null;
  /** Dimension → group value, e.g. {sector: 'health', country: 'FR'}. */
  groups: Record<string, string>;
}

export interface ItemRoundInput {
  itemId: string;
  versionId: string;
  /** Panelists to whom the item was presented this round; n_skipped = nPresented − answers.length. */
  nPresented: number;
  /** Optional: panelists invited to the round (the rule identifier n_invited); null when omitted. */
  nInvited?: number;
  /** At most one per panelist. */
  answers: Answer[];
  /** The same item's previous round, only when versionId is identical (stability, §7). */
  previous?: { round: number; versionId: string; answers: Answer[] };
}

export interface RoundAnalysisInput {
  round: number;
  scale: Scale;
  protocol: Protocol;
  /** Grouping dimensions to compare, e.g. ['sector', 'role_level', 'country']. */
  dimensions: string[];
  items: ItemRoundInput[];
}
