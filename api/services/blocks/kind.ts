import type { ZodType } from 'zod';
import type { AnyBlockConfig, AnyBlockResult, BlockAnswer, BlockKind } from '../../contract/blocks';
import type { Protocol } from '../../contract/protocol';
import type { Problem } from '../../errors';
import type { HiddenGroups, Membership } from '../../stats/disclosure';

/** What a kind may check a block's config against: the study's languages, items and categories. */
export interface BlockContext {
  languages: readonly string[];
  /** Every active item of the study: its code and its category's code (null without one). */
  items: readonly { code: string; category: string | null }[];
  categories: readonly string[];
}

/** Everything a kind's analysis reads, gathered by the round close (block-results.ts). */
export interface BlockAnalysisInput<R> {
  /** Each panelist's answers to the block, keyed by an anonymous panelist key. */
  answers: ReadonlyMap<string, readonly BlockAnswer[]>;
  /** The same panelists' frozen attributes (attribute → value). */
  groups: ReadonlyMap<string, Membership>;
  /** The study's attributes, in study order: the subgroup dimensions. */
  dimensions: readonly string[];
  /** The result of the same block in the previous round (same kind, same position), or null. */
  previous: { round: number; result: R } | null;
  round: number;
  /** The protocol's seed for permutation tests (wPermutationSeed), so a result can be recomputed exactly. */
  seed: number;
  /** The study's consensus protocol: its quantile method and §1.1 guard apply inside a block too. */
  protocol?: Protocol;
}

/**
 * One kind of question block. Each kind lives in its own file in this folder and is listed once
 * in registry.ts; the block services, the panelist view, the close and the results call only this.
 * Paths in a Problem are relative to the request body (`config.items.2`, `answers.0.value`), the
 * services prefix them with `body.`.
 */
export interface BlockKindModule<C, R extends AnyBlockResult> {
  kind: BlockKind;
  /** The config as a facilitator sends it (it may use a shorthand, e.g. a category for a ranking's items). */
  configSchema: ZodType;
  /**
   * Turns a parsed config (configSchema's output) into the config to store, with what is wrong
   * with it against the study; a config with problems is refused and nothing is stored.
   */
  checkConfig(input: unknown, context: BlockContext): { config: C; problems: Problem[] };
  /** The study items the block names, whose texts the panelist is shown (none for a kind that labels its own subjects). */
  items(config: C): string[];
  /** Every subject a panelist can answer in the block (item codes, `FROM>TO` pairs). */
  subjects(config: C): string[];
  /**
   * true: one save carries the panelist's whole answer to the block, replacing every earlier
   * answer of theirs (a ranking is one order); false: a save revises only the subjects it names.
   */
  replacesAll: boolean;
  /** What is wrong with one save's answers (subjects not in the block, values out of range, repeats). */
  checkAnswers(config: C, answers: readonly BlockAnswer[]): Problem[];
  /** The block's result from every panelist's answers: computed at the close and stored as it is. */
  analyse(config: C, input: BlockAnalysisInput<R>): R;
  /**
   * A copy of a stored result as it may be shown: the groups `hidden` names blanked ('all': every
   * group, when membership cannot be checked), the whole result withheld when `withheld`.
   */
  disclose(result: R, hidden: HiddenGroups | 'all', withheld: boolean): R;
  /**
   * What a panelist may see of a disclosed result, when it is less than the team sees: figures
   * resting on fewer than k answers (one subject of a block) would show what those few answered.
   */
  forPanelists?(result: R, k: number): R;
  /** How many panelists a result rests on (the anonymity check compares it with the answers' owners). */
  respondents(result: R): number;
}

/** A module of some kind, as the registry hands it out (method parameters are bivariant, so every kind's module fits). */
export type AnyBlockKindModule = BlockKindModule<AnyBlockConfig, AnyBlockResult>;
