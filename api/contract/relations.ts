/**
 * What a relations block (Delphi–DEMATEL, consensus-methods.md §17) freezes at close: per relation
 * the §3 statistics, the protocol's verdict and the §7 change since the previous round; the panel's
 * influence map and each subgroup's, with the elements whose cause/effect side differs flagged.
 * Rows are "from", columns "to", elements in the order of `elements` (codes ascending).
 */
import { z } from 'zod';
import { DecidedBySchema, GuardResultSchema } from './result';
import { DescriptivesSchema } from './statistics';

const num = z.number().nullable();
const Matrix = z.array(z.array(z.number())).describe('n × n, rows "from", columns "to", in the order of `elements`');

export const RelationPairSchema = z.object({ from: z.string(), to: z.string() });
export type RelationPair = z.infer<typeof RelationPairSchema>;

export const RelationEdgeSchema = z.object({ from: z.string(), to: z.string(), t: z.number().describe('Total influence t_ij') });
export type RelationEdge = z.infer<typeof RelationEdgeSchema>;

export const RelationStabilitySchema = z
  .object({
    previousRound: z.number().int(),
    nPrevious: z.number().int(),
    nCurrent: z.number().int(),
    changePct: num.describe('Scheibe distribution change in % (§7.1); null when either round has no valid rating'),
    stable: z.boolean().nullable().describe('changePct < 15 (strictly below); null when changePct is null'),
    medianPrevious: num,
    medianCurrent: num,
    cvPrevious: num,
    cvCurrent: num,
    deltaCv: num.describe('CV now minus CV before (§7.5); reported, never gating'),
  })
  .meta({ id: 'RelationStability', description: 'How the ratings of one relation changed since the previous round (consensus-methods.md §7)' });
export type RelationStability = z.infer<typeof RelationStabilitySchema>;

export const RelationCellResultSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    stats: DescriptivesSchema.describe('On the 0–4 influence scale; agree band 3–4 (strong), disagree band 0–1 (weak or none)'),
    outcome: z.string().describe('The verdict of the relation rules, e.g. consensus_in = the panel agrees the influence is strong'),
    decidedBy: DecidedBySchema,
    ruleIndex: z.number().int().nullable(),
    guard: GuardResultSchema.nullable(),
    stability: RelationStabilitySchema.nullable().describe('Null in the first round of the block'),
  })
  .meta({ id: 'RelationCell', description: 'One ordered pair: how strongly `from` directly influences `to`' });
export type RelationCellResult = z.infer<typeof RelationCellResultSchema>;

export const InfluenceMapSchema = z
  .object({
    ok: z.literal(true),
    direct: Matrix.describe('Z: mean valid rating per pair, 0 where nobody rated it'),
    unrated: z.array(RelationPairSchema).describe('Pairs without a valid rating (z = 0, flagged)'),
    s: z.number().describe('max(largest row sum, largest column sum) of Z'),
    total: Matrix.describe('T = N(I − N)⁻¹ with N = Z/s'),
    d: z.array(z.number()).describe('D: influence given (row sums of T)'),
    r: z.array(z.number()).describe('R: influence received (column sums of T)'),
    prominence: z.array(z.number()).describe('D + R'),
    relation: z.array(z.number()).describe('D − R: > 0 cause, < 0 effect'),
    threshold: z.number(),
    thresholdSource: z.enum(['mean', 'set']).describe('mean = α, the mean of all entries of T; set = chosen by the facilitator'),
    edges: z.array(RelationEdgeSchema).describe('t_ij > threshold, i ≠ j'),
  })
  .meta({ id: 'InfluenceMap', description: 'The DEMATEL figures of one group (consensus-methods.md §17)' });
export type InfluenceMap = z.infer<typeof InfluenceMapSchema>;

export const NoInfluenceMapSchema = z
  .object({
    ok: z.literal(false),
    reason: z.enum(['no_ratings', 'no_influence', 'singular', 'suppressed']),
    message: z.string().describe('Why no map can be drawn, naming the cause'),
    direct: Matrix.nullable().describe('Null when suppressed'),
    unrated: z.array(RelationPairSchema),
  })
  .meta({ id: 'NoInfluenceMap', description: 'A group for which no influence map is computed, and why' });
export type NoInfluenceMap = z.infer<typeof NoInfluenceMapSchema>;

export const MapResultSchema = z.discriminatedUnion('ok', [InfluenceMapSchema, NoInfluenceMapSchema]);
export type MapResult = z.infer<typeof MapResultSchema>;

export const RelationGroupSchema = z
  .object({
    dimension: z.string(),
    group: z.string(),
    nPanelists: z.number().int().nullable().describe('Null once hidden by the disclosure rule'),
    map: MapResultSchema,
  })
  .meta({ id: 'RelationGroup', description: 'The influence map of one subgroup of one panel attribute' });
export type RelationGroup = z.infer<typeof RelationGroupSchema>;

export const SideDifferenceSchema = z
  .object({
    dimension: z.string(),
    element: z.string(),
    causeIn: z.array(z.string()).describe('Groups where D − R > 0'),
    effectIn: z.array(z.string()).describe('Groups where D − R < 0'),
  })
  .meta({ id: 'SideDifference', description: 'An element one group sees as a cause and another as an effect' });
export type SideDifference = z.infer<typeof SideDifferenceSchema>;

export const MapChangeSchema = z
  .object({
    previousRound: z.number().int(),
    edgesAdded: z.array(RelationPairSchema),
    edgesRemoved: z.array(RelationPairSchema),
    sideChanged: z.array(z.string()).describe('Elements whose sign of D − R flipped'),
  })
  .meta({ id: 'MapChange', description: 'How the panel’s map changed since the previous round' });
export type MapChange = z.infer<typeof MapChangeSchema>;

export const RelationsResultSchema = z
  .object({
    kind: z.literal('relations'),
    round: z.number().int(),
    elements: z.array(z.string()).describe('Element codes, ascending'),
    nPanelists: z.number().int().describe('Panelists who answered at least one pair'),
    settings: z.object({
      scale: z.object({ min: z.literal(0), max: z.literal(4) }),
      bands: z.object({ agree: z.tuple([z.number().int(), z.number().int()]), disagree: z.tuple([z.number().int(), z.number().int()]) }),
      rules: z.array(z.object({ outcome: z.string(), when: z.string() })),
      defaultOutcome: z.string(),
      minValidN: z.number().int(),
      maxNoOpinionShare: z.number(),
      stableBelowPct: z.number().describe('A relation is stable when its change is strictly below this'),
      threshold: num.describe('The facilitator’s threshold, or null for α (the mean of T)'),
    }),
    cells: z.array(RelationCellResultSchema).describe('Every asked pair, row by row'),
    map: MapResultSchema,
    groups: z.array(RelationGroupSchema).describe('By dimension, then group, ascending'),
    sideDifferences: z.array(SideDifferenceSchema),
    change: MapChangeSchema.nullable().describe('Null in the first round of the block or when either map is missing'),
    withheld: z.boolean().describe('True when fewer than k panelists answered (panelist feedback): no figures are shown'),
  })
  .meta({ id: 'RelationsResult', description: 'The frozen result of a relations block (consensus-methods.md §17)' });
export type RelationsResult = z.infer<typeof RelationsResultSchema>;
