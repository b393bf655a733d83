/** What the server and the CLI hand to analyseRound (one closed round of one study). */
import type { Protocol } from './protocol';
import type { Band, Bands, Scale } from './scale';

/** One panelist's answer to one item version in one round. */
export interface Answer {
  panelist: string;
  /** Integer on the scale, or null for "cannot judge" (NO_OPINION, §1.1). */
  value: number | null;
  /** Dimension → group value, e.g. {sector: 'health', country: 'FR'}. */
  groups: Record<string, string>;
  /** The criterion code the rating is on, when the round names its criteria (§15.1). */
  criterion?: string;
}

/** One criterion of the round (§15.1): its own scale and bands; a relevant band on a relevance criterion (§15.2). */
export interface CriterionInput {
  code: string;
  scale: Scale;
  bands: Bands;
  relevant: Band | null;
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
  /** Category code, for S-CVI per category (§15.2). */
  category?: string;
  /** The ranking of the same round that ranks this item (§16), for the rank identifiers of the rule language. */
  ranking?: ItemRankFigures;
}

/** What the rule language's rank identifiers read (§5.3, §16); null where the ranking leaves it undefined. */
export interface ItemRankFigures {
  /** Round level: Kendall's W, its p (the permutation p when computed, else χ²), ΔW and ρ with the previous ranking round. */
  w: number | null;
  wP: number | null;
  wChange: number | null;
  rhoPrevious: number | null;
  /** Item level: the item's mean rank and the percentage placing it in the top k. */
  meanRank: number | null;
  pctTopK: number | null;
}

export interface RoundAnalysisInput {
  round: number;
  scale: Scale;
  protocol: Protocol;
  /** Grouping dimensions to compare, e.g. ['sector', 'role_level', 'country']. */
  dimensions: string[];
  items: ItemRoundInput[];
  /**
   * The criteria, when the study names them: every answer then carries one of their codes, and
   * each item's result lists each criterion's statistics. Without it the round has one criterion on
   * `scale` with the protocol's bands, and results look as they did before criteria existed.
   */
  criteria?: CriterionInput[];
}
