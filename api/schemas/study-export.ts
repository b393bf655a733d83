import { z } from 'zod';
import { StudyReportingSchema } from '../contract/reporting';
import { ProtocolSchema } from '../contract/protocol';
import { RoundKindSchema, StudyCriterionSchema } from '../contract/study';
import { AttributeSchema, ScaleSchema } from './study';

/**
 * The JSON export of a whole study: the contract another instance imports and other tools
 * re-analyse. api/reports/study-file/study-export.schema.json is generated from this (JSON Schema 2020-12)
 * and served at /api/schemas/study-export.json. Bump the minor version for added optional fields,
 * the major version for anything an importer of the previous version would misread.
 */
export const STUDY_EXPORT_SCHEMA_VERSION = '1.4.0';
export const STUDY_EXPORT_SCHEMA_ID = 'urn:delphi-panel:schema:study-export:1';

const Time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?Z$/, 'an ISO 8601 UTC time such as 2026-03-01T09:00:00.000Z');
const Code = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/);
const Count = z.number().int().min(0);
const Round = z.number().int().min(1);
const Version = z.number().int().min(1);
const Texts = z.record(z.string(), z.string());
/** A real-time round's snapshot or log entry in a study that names its criteria: which criterion it is for (absent otherwise). */
const CriterionCode = z.string().max(40).optional().describe('The criterion the snapshot is for, in a study that names its criteria; absent otherwise');
const Pseudonym = z
  .string()
  .regex(/^(P\d{4,7}|R-[0-9A-Z]{4,12})$/)
  .describe(
    'Since 1.4.0 P0001, P0002... in an order keyed by a secret of the study (stable across exports, never a stored code); R-... random per export before',
  );
const CommentRef = z.string().regex(/^C\d{4,7}$/);
const IdeaRef = z.string().regex(/^I\d{4,7}$/);
const Email = z.string().max(254).describe('Only in a full archive');

/** Loose, like the rest of the file: a newer export may carry protocol fields this version does not know. */
const Protocol = z
  .looseObject(ProtocolSchema.shape)
  .meta({ id: 'ExportedProtocol', description: 'The consensus protocol (consensus-methods.md §5.1, camelCase)' });

const BandShare = z.object({ k: Count, n: Count, pct: z.number().nullable() });

/** The §3 statistics of one item (or group) in one round, as the engine computed them. */
const Descriptives = z.looseObject({
  nValid: Count,
  nNoOpinion: Count,
  nSkipped: Count.nullable(),
  noOpinionShare: z.number().nullable(),
  freq: z.array(z.object({ value: z.number().int(), count: Count, pct: z.number().nullable() })),
  min: z.number().nullable(),
  max: z.number().nullable(),
  median: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  iqr: z.number().nullable(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  cv: z.number().nullable(),
  mode: z.array(z.number()).nullable(),
  modeShare: z.number().nullable(),
  agree: BandShare,
  disagree: BandShare,
  neutral: BandShare,
  quantileMethod: z.enum(['hf7', 'hf6']),
});

/** The engine's ItemRoundResult without its instance-specific item and version ids. */
const ItemResult = z
  .looseObject({
    round: Round,
    quantileMethod: z.enum(['hf7', 'hf6']),
    nPresented: Count,
    nInvited: Count.nullable(),
    stats: Descriptives,
    rand: z.looseObject({}).nullable(),
    outcome: z.string(),
    decidedBy: z.enum(['guard', 'rule', 'undetermined', 'default']),
    ruleIndex: z.number().int().nullable(),
    ruleText: z.string().nullable(),
    guard: z.looseObject({ reason: z.string(), detail: z.string() }).nullable(),
    evaluations: z.array(z.looseObject({})),
    metricsUsed: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.null()])),
    sensitivity: z.looseObject({ otherMethod: z.enum(['hf7', 'hf6']), otherOutcome: z.string(), differs: z.boolean() }),
    stability: z.looseObject({}).nullable(),
    stable: z.boolean().nullable(),
    stopItem: z.boolean().nullable(),
    groups: z.record(z.string(), z.looseObject({})),
    asymmetry: z.record(z.string(), z.looseObject({})),
    headline: z.string().nullable(),
    flags: z.array(z.string()),
  })
  .describe('api/stats ItemRoundResult (unsuppressed) without itemId and versionId');

/**
 * Since 1.4.0 an open-ended round is `ideas`; files written before say `open` and still import, read
 * as `ideas`. Only `ideas` is ever written.
 */
const RoundKindInFile = z
  .enum(['rating', 'ideas', 'open'])
  .transform((kind) => (kind === 'open' ? 'ideas' : kind))
  .pipe(RoundKindSchema)
  .describe("rating or ideas (open-ended); files before 1.4.0 say 'open' for ideas");

export const StudyExportSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z
      .string()
      .regex(/^1\.\d+\.\d+$/)
      .describe(`Version of this format; this is ${STUDY_EXPORT_SCHEMA_VERSION}`),
    exportedAt: Time,
    software: z.object({ name: z.string(), version: z.string(), node: z.string(), libraries: z.record(z.string(), z.string()) }).strict(),
    disclosure: z.string().describe('What this file contains and how it may be shared'),
    study: z
      .object({
        slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/),
        title: z.string().min(1).max(200),
        aim: z.string().max(4000),
        languages: z.array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)).min(1),
        attributes: z.array(AttributeSchema),
        scale: ScaleSchema,
        criteria: z
          .array(StudyCriterionSchema)
          .max(3)
          .optional()
          .describe('Since 1.2.0: the criteria each item is rated on; absent or empty: one rating per item on `scale`'),
        protocol: Protocol,
        protocolLockedAt: Time.nullable(),
        anonymity: z.enum(['quasi', 'strict']),
        minGroupSize: z.number().int().min(3).max(100),
        withdrawalPolicy: z.enum(['keep', 'erase']),
        timeNeededMinutes: z.number().int().min(1).max(600),
        status: z.enum(['draft', 'running', 'closed']),
        timeZone: z.string().max(64).optional().describe('IANA time zone in which the study shows dates'),
        reporting: StudyReportingSchema.optional().describe(
          'What the report says beyond the numbers (rationale, recruitment, ethics...); absent before this field existed',
        ),
        createdAt: Time,
      })
      .strict(),
    protocolChanges: z
      .array(z.object({ at: Time, before: Protocol.nullable(), after: Protocol.nullable() }).strict())
      .describe('Audit entries protocol.update, oldest first'),
    categories: z.array(z.object({ code: Code, position: z.number().int(), names: Texts }).strict()),
    items: z.array(
      z
        .object({
          code: Code,
          category: Code.nullable(),
          position: z.number().int(),
          status: z.enum(['active', 'dropped', 'settled']),
          addedInRound: Round.nullable(),
          versions: z
            .array(
              z
                .object({
                  version: Version,
                  texts: Texts,
                  reason: z.string().nullable(),
                  promptedByComments: Count.describe('How many panel comments the rewording cites'),
                  promptedBy: z
                    .array(
                      z
                        .object({
                          ref: CommentRef.optional().describe('Since 1.4.0: the comment in `comments`'),
                          round: Round,
                          item: Code,
                          version: Version,
                          text: z.string(),
                        })
                        .strict(),
                    )
                    .optional()
                    .describe('The cited comments as they appear in comments (not linked to panelists); absent in older files'),
                })
                .strict(),
            )
            .min(1),
        })
        .strict(),
    ),
    rounds: z.array(
      z
        .object({
          number: Round,
          kind: RoundKindInFile,
          status: z.enum(['draft', 'open', 'closed']),
          instructions: Texts,
          opensAt: Time.nullable(),
          closesAt: Time.nullable(),
          openedAt: Time.nullable(),
          closedAt: Time.nullable(),
          reminders: z
            .array(z.object({ daysBeforeClose: z.number().int().min(0) }).strict())
            .optional()
            .describe('E-mail reminder schedule'),
          analysis: z.looseObject({}).nullable().describe('Round-level engine output (settings, multiplicity families, headlines with item codes)'),
          items: z.array(z.object({ item: Code, version: Version }).strict()).describe('Item versions presented, in order'),
          mode: z.enum(['classic', 'realtime']).optional().describe('Since 1.1.0; absent means classic'),
          blocks: z
            .array(
              z
                .object({
                  position: Count,
                  kind: z.enum(['ranking', 'relations']),
                  config: z.looseObject({}).describe("The kind's settings; ranking: {items: item codes, topK}"),
                  instructions: Texts,
                  result: z
                    .looseObject({ kind: z.enum(['ranking', 'relations']) })
                    .nullable()
                    .describe('Frozen at the close (groups below k hidden as everywhere else); null before'),
                })
                .strict(),
            )
            .optional()
            .describe('Since 1.3.0: question blocks (rankings, relations); absent means none'),
          realtime: z
            .object({
              snapshots: z
                .array(
                  z
                    .object({ item: Code, version: Version, criterion: CriterionCode, number: z.number().int().min(1), answers: Count, releasedAt: Time })
                    .strict(),
                )
                .describe('Snapshots released while the round was open'),
              feedbackLog: z
                .array(
                  z
                    .object({
                      item: Code,
                      version: Version,
                      criterion: CriterionCode,
                      panelist: Pseudonym,
                      snapshot: z.number().int().min(1),
                      value: z.number().int().nullable(),
                      seenAt: Time,
                    })
                    .strict(),
                )
                .nullable()
                .describe('Which snapshot each panelist was shown, with the answer they held; null in strict anonymity'),
            })
            .strict()
            .optional()
            .describe('Since 1.1.0, real-time rounds only'),
        })
        .strict(),
    ),
    panelists: z
      .array(
        z
          .object({
            code: Pseudonym,
            status: z.enum(['invited', 'active', 'withdrawn']),
            attributes: z.record(z.string(), z.string()),
            language: z.string().optional().describe('Since 1.4.0: the language the panelist reads the study in'),
            email: Email.optional(),
          })
          .strict(),
      )
      .nullable(),
    attributesWithheld: z
      .array(z.string())
      .optional()
      .describe('Since 1.4.0: attributes left out of `panelists` because a value is held by fewer than k panelists (only a full archive has them)'),
    archive: z.enum(['default', 'full']).optional().describe('Since 1.4.0: full = with e-mail addresses and every attribute, for moving a study'),
    members: z
      .array(z.object({ role: z.enum(['owner', 'facilitator', 'observer']), email: Email.optional() }).strict())
      .optional()
      .describe("Since 1.4.0: the study team's roles"),
    emailTemplates: z
      .array(
        z
          .object({
            language: z.string(),
            kind: z.enum(['invitation', 'round_opened', 'reminder', 'round_closed', 'thank_you']),
            subject: z.string(),
            body: z.string(),
          })
          .strict(),
      )
      .optional()
      .describe("Since 1.4.0: the study's own e-mail wording (the shipped defaults are not copied)"),
    responses: z
      .array(
        z
          .object({
            round: Round,
            item: Code,
            version: Version,
            panelist: Pseudonym,
            criterion: z.string().max(40).optional().describe('Since 1.2.0: the criterion code, in a study that names its criteria'),
            value: z.number().int().nullable(),
            cannotJudge: z.boolean(),
          })
          .strict(),
      )
      .nullable()
      .describe('Null when the study is in strict anonymity mode'),
    blockAnswers: z
      .array(
        z
          .object({
            round: Round,
            block: Count.describe("The block's position in the round"),
            panelist: Pseudonym,
            subject: z.string().max(90).describe('An item code (ranking) or FROM>TO (relations)'),
            value: z.number().int().nullable().describe('The rank or rating; null: unranked or cannot judge'),
            cannotJudge: z.boolean(),
          })
          .strict(),
      )
      .nullable()
      .optional()
      .describe('Since 1.3.0: answers to question blocks (ranks); null in strict anonymity'),
    responsesOmitted: z.string().nullable(),
    comments: z
      .array(
        z
          .object({
            ref: CommentRef.optional().describe('Since 1.4.0'),
            round: Round,
            item: Code,
            version: Version,
            panelist: Pseudonym.optional().describe('Since 1.4.0: the author, outside strict anonymity'),
            criterion: z.string().max(40).optional().describe('Since 1.4.0: the criterion of the answer the comment was given with'),
            text: z.string().describe('As the panelist wrote it'),
            language: z.string().optional().describe('The language it was written in (since 1.1.0)'),
            translations: z
              .array(z.object({ language: z.string(), text: z.string() }).strict())
              .optional()
              .describe("The study team's translations, kept beside the original (since 1.1.0)"),
          })
          .strict(),
      )
      .describe('Sorted by text; linked to panelists since 1.4.0 outside strict anonymity'),
    ideas: z
      .array(
        z
          .object({
            ref: IdeaRef.optional().describe('Since 1.4.0'),
            round: Round,
            category: Code.nullable(),
            panelist: Pseudonym.optional().describe('Since 1.4.0: the author, outside strict anonymity'),
            language: z.string().optional().describe('Since 1.4.0'),
            text: z.string(),
          })
          .strict(),
      )
      .describe('Sorted by text; linked to panelists since 1.4.0 outside strict anonymity'),
    results: z.array(z.object({ round: Round, item: Code, version: Version, outcome: z.string(), result: ItemResult }).strict()),
    itemFlow: z.array(
      z
        .object({
          round: Round.describe('The round the decision leads into'),
          item: Code,
          action: z
            .enum(['carry', 'reword', 'add', 'drop', 'retire', 'merge', 'split', 'merged', 'split_off'])
            .describe('merge, split: the item left, merged or split into `linked`; merged, split_off: a new item made from `linked`'),
          version: Version.nullable(),
          reason: z.string().nullable(),
          byDefault: z.boolean(),
          linked: z.array(Code).optional().describe('The items on the other side of a merge or split; absent otherwise and in older files'),
          ideas: z.array(IdeaRef).optional().describe('Since 1.4.0: the ideas an added item came from'),
        })
        .strict(),
    ),
    audit: z.array(z.object({ action: z.string(), count: Count, first: Time.nullable(), last: Time.nullable() }).strict()).describe('Summary of the audit log'),
  })
  .strict();

/** The same schema as a named component of the OpenAPI document (the published file keeps the export at its root). */
export const StudyExportComponentSchema = StudyExportSchema.meta({
  id: 'StudyExport',
  description: 'A whole study: protocol, items, rounds, pseudonymised panel and answers, frozen results, item flow',
});

export type StudyExport = z.output<typeof StudyExportSchema>;
