import type { Db } from '../../db/client';
import type { StudyReporting } from '../contract/reporting';
import { listItemsWithVersions } from '../repositories/studies';
import { errors } from '../errors';
import { shownHeadlines, suppressSmallGroups, type AnalysisSettings, type ItemRoundResult, type Membership, type Protocol, type RoundAnalysis } from '../stats';
import { listRounds, listItemDecisions, type ItemDecisionRow, type RoundRow } from '../repositories/rounds';
import { listTranslationsForStudy, type TranslationRow } from '../repositories/comment-translations';
import { listCategories, type StudyRow } from '../repositories/studies';
import {
  countEmailsByRound,
  listFacilitatorNames,
  listStudyAudit,
  listStudyComments,
  listStudyIdeas,
  listStudyResults,
  listStudyRoundItems,
} from '../repositories/reports';
import { type StudyAttribute, type StudyScale } from '../services/study-service';
import { criterionMembersOfStudy, otherCriteria } from '../services/disclosure-members';
import { closedRoundsBlockResults } from '../services/block-results';
import type { RankingResult } from '../contract/blocks';
import { gatherParticipation, type ParticipationTable } from './participation-data';
import { gatherRealtime, type RealtimeReport } from './realtime-data';
import { installedVersions, type SoftwareVersions } from './versions';
import type { RelationsBlockReport } from './document/sections/relations';
import { gatherRelations } from './relations-data';

/** Everything the report and the spreadsheet show, gathered once, with small groups already suppressed. */
export interface ReportData {
  generatedAt: string;
  /** null: every round so far; N: rounds 1..N only (the report "after round N"). */
  upToRound: number | null;
  study: {
    id: number;
    slug: string;
    title: string;
    aim: string;
    languages: string[];
    status: StudyRow['status'];
    anonymity: StudyRow['anonymity'];
    /** k: no statistic is shown for a group with fewer panelists. */
    minGroupSize: number;
    withdrawalPolicy: StudyRow['withdrawalPolicy'];
    createdAt: string;
    protocolLockedAt: string | null;
    scale: StudyScale;
    attributes: StudyAttribute[];
    protocol: Protocol;
    reporting: StudyReporting;
    /** The criteria items are rated on, in the study's order; empty when the study names none (one rating per item). */
    criteria: ReportCriterion[];
  };
  protocolChanges: ProtocolChange[];
  /** The engine's echo of the statistical settings (latest closed round), or null before any close. */
  settings: AnalysisSettings | null;
  categories: { id: number; code: string; name: string }[];
  items: ReportItem[];
  rounds: ReportRound[];
  participation: ParticipationTable;
  decisions: ReportDecision[];
  /** The frozen result of every ranking of a closed round (consensus-methods.md §16), groups below k hidden. */
  rankings: { round: number; position: number; result: RankingResult }[];
  /** Relations blocks of the closed rounds (§17), with their influence maps. */
  relations: RelationsBlockReport[];
  software: SoftwareVersions;
}

export interface ReportCriterion {
  code: string;
  /** The question in the report's language. */
  label: string;
  scale: { min: number; max: number };
  agree: [number, number];
  relevance: boolean;
}

export interface ProtocolChange {
  at: string;
  by: string;
  before: unknown;
  after: unknown;
  afterLock: boolean;
}

export interface ReportItem {
  id: number;
  code: string;
  category: { code: string; name: string } | null;
  status: 'active' | 'dropped' | 'settled';
  addedInRound: number | null;
  versions: {
    id: number;
    version: number;
    text: string;
    reason: string | null;
    promptedByComments: number;
    /** The comments cited as the source of this wording, text only (no author, code or time), sorted by text. */
    promptedBy: { roundId: number; versionId: number; text: string }[];
  }[];
}

export type RoundMeta = Omit<RoundAnalysis, 'items'>;

export interface ReportResult {
  itemId: number;
  versionId: number;
  outcome: string;
  /** Engine output with suppressSmallGroups(k) applied: the disclosure rule of api/stats/disclosure.ts. */
  result: ItemRoundResult;
}

export interface ReportRound {
  id: number;
  number: number;
  kind: RoundRow['kind'];
  mode: RoundRow['mode'];
  status: RoundRow['status'];
  opensAt: string | null;
  closesAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  presented: { itemId: number; versionId: number }[];
  /** Frozen results of a closed rating round in presentation order; empty otherwise. */
  results: ReportResult[];
  meta: RoundMeta | null;
  /** Comments per item version, sorted by text as panelists saw them, each with the study team's translations beside it. */
  comments: Map<number, ReportComment[]>;
  ideas: number;
  /** Reminder schedule of the round (days before the close). */
  reminders: number[];
  /** E-mails recorded for the round: kind → delivery status → count. */
  emails: Record<string, Record<string, number>>;
  /** A real-time round's batches and feedback effect; null for a classic round. */
  realtime: RealtimeReport | null;
}

export interface ReportDecision {
  /** The round the decision leads into. */
  round: number;
  itemId: number;
  action: ItemDecisionRow['action'];
  versionId: number | null;
  /** merge/split: the items it became; merged/split_off: the items it came from. */
  linkedItemIds: number[];
  reason: string | null;
  decidedBy: string;
  /** Taken by the service's default (no consensus → carry, otherwise retire), not by a person. */
  isDefault: boolean;
}

export interface GatherOptions {
  upToRound?: number | null;
  now: string;
  /** The study language whose item and category texts the report uses; the study's first by default. */
  language?: string | null;
}

/** Reads a study from the repositories into one plain ReportData object. */
export async function gatherReportData(db: Db, study: StudyRow, options: GatherOptions): Promise<ReportData> {
  const upToRound = options.upToRound ?? null;
  const allRounds = await listRounds(db, study.id);
  if (upToRound !== null && !allRounds.some((r) => r.number === upToRound)) throw errors.notFound(`Round ${upToRound}`);
  const roundRows = allRounds.filter((r) => upToRound === null || r.number <= upToRound);
  const lang = options.language ?? study.languages[0];
  const pick = (texts: Record<string, string>, l: string) => texts[l] ?? texts[study.languages[0]] ?? Object.values(texts)[0] ?? '';
  const k = study.minGroupSize;

  const categories = (await listCategories(db, study.id)).map((c) => ({ id: c.id, code: c.code, name: pick(c.names, lang) }));
  const categoryOf = new Map(categories.map((c) => [c.id, c]));
  const commentRows = await listStudyComments(db, study.id);
  const commentById = new Map(commentRows.map((c) => [c.responseId, c]));
  const items = new Map<number, ReportItem>();
  for (const { item, version } of await listItemsWithVersions(db, study.id)) {
    let entry = items.get(item.id);
    if (!entry) {
      const c = item.categoryId === null ? undefined : categoryOf.get(item.categoryId);
      entry = {
        id: item.id,
        code: item.code,
        category: c ? { code: c.code, name: c.name } : null,
        status: item.status,
        addedInRound: item.addedInRound,
        versions: [],
      };
      items.set(item.id, entry);
    }
    entry.versions.push({
      id: version.id,
      version: version.version,
      text: pick(version.texts, lang),
      reason: version.reason,
      promptedByComments: version.sourceResponseIds.length,
      promptedBy: version.sourceResponseIds
        .flatMap((id) => {
          const c = commentById.get(id);
          return c ? [{ roundId: c.roundId, versionId: c.itemVersionId, text: c.text }] : [];
        })
        .sort((a, b) => a.text.localeCompare(b.text)),
    });
  }

  const presented = groupBy(await listStudyRoundItems(db, study.id), (r) => r.roundId);
  const results = groupBy(await listStudyResults(db, study.id), (r) => r.roundId);
  const translations = currentStudyTranslations(await listTranslationsForStudy(db, study.id), commentRows);
  const comments = groupBy(
    commentRows.map((c) => ({ ...c, translations: translations.get(c.responseId) ?? [] })),
    (c) => c.roundId,
  );
  const ideas = groupBy(await listStudyIdeas(db, study.id), (i) => i.roundId);
  const emails = groupBy(await countEmailsByRound(db, study.id), (e) => e.roundId);
  const byCriterion = await criterionMembersOfStudy(db, study);
  const members = [...byCriterion.values()][0] ?? new Map<string, Membership[]>();
  const realtime = new Map<number, RealtimeReport>();
  for (const r of roundRows) {
    if (r.mode === 'realtime')
      realtime.set(
        r.id,
        await gatherRealtime(
          db,
          study,
          r,
          (presented.get(r.id) ?? []).map((p) => p.itemVersionId),
        ),
      );
  }
  const rounds: ReportRound[] = roundRows.map((r) => {
    const shown = r.status === 'closed' && r.kind === 'rating';
    const byVersion = new Map((results.get(r.id) ?? []).map((x) => [x.itemVersionId, x]));
    const list = presented.get(r.id) ?? [];
    const shownResults = shown
      ? list.flatMap((p) => {
          const row = byVersion.get(p.itemVersionId);
          return row
            ? [
                {
                  itemId: row.itemId,
                  versionId: row.itemVersionId,
                  outcome: row.outcome,
                  result: suppressSmallGroups(
                    row.result,
                    k,
                    members.get(`${r.id}|${row.itemVersionId}`) ?? [],
                    otherCriteria(byCriterion, `${r.id}|${row.itemVersionId}`),
                  ),
                },
              ]
            : [];
        })
      : [];
    return {
      id: r.id,
      number: r.number,
      kind: r.kind,
      mode: r.mode,
      status: r.status,
      opensAt: r.opensAt,
      closesAt: r.closesAt,
      openedAt: r.openedAt,
      closedAt: r.closedAt,
      presented: list.map((p) => ({ itemId: p.itemId, versionId: p.itemVersionId })),
      results: shownResults,
      meta: shown && r.analysis ? { ...r.analysis, headlines: shownHeadlines(shownResults.map((x) => x.result)) } : null,
      comments: commentsByVersion(comments.get(r.id) ?? []),
      ideas: (ideas.get(r.id) ?? []).length,
      reminders: r.reminders.map((x) => x.daysBeforeClose),
      emails: (emails.get(r.id) ?? []).reduce<Record<string, Record<string, number>>>((out, e) => {
        (out[e.kind] ??= {})[e.status] = e.count;
        return out;
      }, {}),
      realtime: realtime.get(r.id) ?? null,
    };
  });

  const closed = rounds.filter((r) => r.meta !== null);
  const decisionRows = await listItemDecisions(db, study.id);
  const protocolAudit = await listStudyAudit(db, study.id, ['protocol.update']);
  const names = await facilitatorNames(db, [...decisionRows.map((d) => d.decidedBy), ...protocolAudit.map((a) => a.facilitatorId)]);
  const roundNumber = new Map(allRounds.map((r) => [r.id, r.number]));
  const decisions: ReportDecision[] = decisionRows
    .map((d) => ({
      round: roundNumber.get(d.roundId) ?? 0,
      itemId: d.itemId,
      action: d.action,
      versionId: d.itemVersionId,
      linkedItemIds: d.linkedItemIds,
      reason: d.reason,
      decidedBy: names(d.decidedBy),
      isDefault: d.reason?.startsWith('default:') ?? false,
    }))
    .filter((d) => upToRound === null || d.round <= upToRound);

  const blocks = await closedRoundsBlockResults(db, study, roundRows);
  const rankings: ReportData['rankings'] = blocks.flatMap(({ block, round, result }) =>
    result?.kind === 'ranking' ? [{ round: round.number, position: block.position, result }] : [],
  );

  return {
    generatedAt: options.now,
    upToRound,
    study: {
      id: study.id,
      slug: study.slug,
      title: study.title,
      aim: study.aim,
      languages: study.languages,
      status: study.status,
      anonymity: study.anonymity,
      minGroupSize: k,
      withdrawalPolicy: study.withdrawalPolicy,
      createdAt: study.createdAt,
      protocolLockedAt: study.protocolLockedAt,
      scale: study.scale,
      attributes: study.attributes,
      protocol: study.protocol,
      reporting: study.reporting,
      criteria: study.criteria.map((c) => ({
        code: c.code,
        label: pick(c.labels, lang),
        scale: { min: c.scale.min, max: c.scale.max },
        agree: c.agree,
        relevance: c.relevance,
      })),
    },
    protocolChanges: protocolAudit.map((a) => {
      const details = a.details as { old?: unknown; new?: unknown };
      return {
        at: a.createdAt,
        by: names(a.facilitatorId),
        before: details.old ?? null,
        after: details.new ?? null,
        afterLock: study.protocolLockedAt !== null && a.createdAt > study.protocolLockedAt,
      };
    }),
    settings: closed.length > 0 ? closed[closed.length - 1].meta!.settings : null,
    categories,
    items: [...items.values()],
    rounds,
    participation: await gatherParticipation(db, study, roundRows),
    decisions,
    rankings,
    relations: gatherRelations(study, blocks, lang),
    software: installedVersions(),
  };
}

export interface ReportComment {
  text: string;
  language: string;
  translations: { language: string; text: string }[];
}

/** Translations still true to their comment (a comment revised since is shown without the old translation). */
function currentStudyTranslations(rows: TranslationRow[], comments: { responseId: number; text: string }[]): Map<number, ReportComment['translations']> {
  const text = new Map(comments.map((c) => [c.responseId, c.text]));
  const out = new Map<number, ReportComment['translations']>();
  for (const t of rows) {
    if (text.get(t.responseId) !== t.source) continue;
    out.set(
      t.responseId,
      [...(out.get(t.responseId) ?? []), { language: t.language, text: t.text }].sort((a, b) => (a.language < b.language ? -1 : 1)),
    );
  }
  return out;
}

function commentsByVersion(rows: ({ itemVersionId: number } & ReportComment)[]): Map<number, ReportComment[]> {
  const out = new Map<number, ReportComment[]>();
  for (const r of rows) {
    const list = out.get(r.itemVersionId) ?? [];
    list.push({ text: r.text, language: r.language, translations: r.translations });
    out.set(r.itemVersionId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.text.localeCompare(b.text));
  return out;
}

/** Facilitator names for "who decided", without e-mail addresses (the report is for publication). */
async function facilitatorNames(db: Db, ids: (number | null)[]): Promise<(id: number | null) => string> {
  const known = [...new Set(ids.filter((id): id is number => id !== null))];
  const names = new Map((await listFacilitatorNames(db, known)).map((f) => [f.id, f.name.trim()]));
  return (id) => (id === null ? 'not recorded' : names.get(id) || `facilitator #${id}`);
}

export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
