/**
 * Words for the codes the service stores, for everything people read (report, console, e-mails):
 * "Consensus: include", not consensus_in. Codes stay in the data files (CSV, JSON, XLSX data sheets).
 * Plain data and functions, so the console bundle reads it without loading zod.
 */
const OUTCOMES: Record<string, string> = {
  consensus_in: 'Consensus: include',
  consensus_out: 'Consensus: exclude',
  no_consensus: 'No consensus',
  insufficient_data: 'Not enough answers',
  appropriate: 'Appropriate',
  inappropriate: 'Inappropriate',
  uncertain: 'Uncertain',
};

/** An outcome as a reader sees it; an outcome a protocol named itself reads with spaces for underscores. */
export function outcomeWords(outcome: string | null | undefined): string {
  if (!outcome) return '—';
  return OUTCOMES[outcome] ?? outcome.replace(/_/g, ' ');
}

const DECISIONS: Record<string, string> = {
  carry: 'carried forward',
  reword: 'reworded',
  add: 'added',
  drop: 'dropped',
  retire: 'retired',
  merge: 'merged into another item',
  split: 'split into new items',
  merged: 'made by merging items',
  split_off: 'split from an item',
};

/** What the planner decided for an item, as words: "carried forward", "reworded"... */
export function decisionWords(action: string): string {
  return DECISIONS[action] ?? action.replace(/_/g, ' ');
}

const QUANTILE_METHODS: Record<string, string> = { hf6: 'Hyndman-Fan type 6', hf7: 'Hyndman-Fan type 7' };

export function quantileMethodWords(method: string): string {
  return QUANTILE_METHODS[method] ?? method;
}

const OUTCOME_CODE = new RegExp(`\\b(${Object.keys(OUTCOMES).join('|')})\\b`, 'g');

/** A sentence the statistics engine wrote with outcome codes in it ("consensus_in in health"), in words. */
export function withOutcomeWords(text: string): string {
  return text.replace(OUTCOME_CODE, (code) => OUTCOMES[code]);
}
