import type { Db } from '../../../db/client';
import { listItemsWithVersions } from '../../repositories/studies';
import { STUDY_EXPORT_SCHEMA_VERSION, type StudyExport } from '../../schemas/study-export';
import { listPanelists } from '../../repositories/panelists';
import {
  listStudyAudit,
  listStudyComments,
  listStudyIdeas,
  listStudyResponses,
  listStudyResults,
  listStudyRoundItems,
  summariseStudyAudit,
} from '../../repositories/reports';
import { listItemDecisions, listRounds } from '../../repositories/rounds';
import { listFeedbackViews, listSnapshots } from '../../repositories/releases';
import { listCategories, type StudyRow } from '../../repositories/studies';
import { UNNAMED_CRITERION } from '../../services/criteria';
import { byCode } from '../pseudonyms';
import { installedVersions } from '../versions';
import { overallWithheld, shownHeadlines, suppressSmallGroups, withoutDimensions, type Protocol } from '../../stats';
import { criterionMembersOfStudy, otherCriteria } from '../../services/disclosure-members';
import { listTranslationsForStudy } from '../../repositories/comment-translations';
import { groupBy } from '../report-data';
import { exportBlocks } from './block-export';
import { checkArchive, exportPeople, type ArchiveKind } from './people';

type ExportResult = StudyExport['results'][number]['result'];

/** Says in the file itself what it is and how far it is de-identified. */
export function disclosureOf(study: StudyRow, archive: ArchiveKind = 'default', withheld: readonly string[] = []): string {
  if (archive === 'full') {
    return (
      'FULL ARCHIVE of a Delphi study, for moving it to another server: it holds the e-mail addresses of the panel and the study team, every ' +
      'attribute, and which panelist wrote which answer, comment and idea. Keep it as securely as the database itself and delete it once imported.'
    );
  }
  const common =
    'Complete record of a Delphi study, for moving it to another instance or re-analysing it. Panelists appear as P0001, P0002... numbered in an ' +
    'order keyed by a secret of the study (not the codes used in the study, nor invitation order), without contact details or time stamps. ' +
    (study.anonymity === 'strict' ? 'Comments and ideas are not linked to them. ' : 'Answers, comments and ideas point at these references. ') +
    (withheld.length === 0
      ? ''
      : `The attributes ${withheld.join(', ')} are left out, and their groups hidden in the results, because a value is held by fewer than ` +
        `${study.minGroupSize} panelists. `);
  if (study.anonymity === 'strict') {
    return (
      `${common}The study runs in strict anonymity mode, so per-person responses are not included, groups smaller than ${study.minGroupSize}, ` +
      `and any group that subtraction from the other figures would expose, are hidden in the results, and comments of items rated by fewer are ` +
      `withheld: the results are aggregates only and cannot be recomputed from this file.`
    );
  }
  return (
    `${common}Other attribute values and subgroup results are NOT suppressed below k = ${study.minGroupSize}, ` +
    'so that an import recomputes identical results. ' +
    'Treat this file as confidential research data; to share data, use the XLSX or CSV export, which suppress small groups.'
  );
}

/** The whole study as one JSON document (api/schemas/study-export.ts), the panel under its file references (people.ts). */
export async function buildStudyExport(db: Db, study: StudyRow, nowIso: string, archive: ArchiveKind = 'default'): Promise<StudyExport> {
  checkArchive(study, archive);
  const software = installedVersions();
  const strict = study.anonymity === 'strict';
  const storedResults = await listStudyResults(db, study.id);
  const byCriterion = strict ? await criterionMembersOfStudy(db, study) : undefined;
  const members = byCriterion ? ([...byCriterion.values()][0] ?? new Map()) : undefined;
  const panel = await listPanelists(db, study.id);
  const people = await exportPeople(db, study, panel, archive);
  const codes = people.codes;
  // Strict anonymity promises aggregates only: groups go the way they go everywhere else (api/stats/disclosure.ts).
  // A withheld attribute's groups go too: matched against the per-person answers they would name their members.
  const published = new Map(
    storedResults.map((r) => {
      const key = `${r.roundId}|${r.itemVersionId}`;
      const shown = members ? suppressSmallGroups(r.result, study.minGroupSize, members.get(key) ?? [], otherCriteria(byCriterion!, key)) : r.result;
      return [key, people.withheld.length > 0 ? withoutDimensions(shown, people.withheld) : shown];
    }),
  );
  const analysisOf = (roundId: number, analysis: Record<string, unknown>) =>
    strict || people.withheld.length > 0
      ? {
          ...analysis,
          headlines: shownHeadlines(storedResults.filter((x) => x.roundId === roundId).map((x) => published.get(`${x.roundId}|${x.itemVersionId}`)!)),
        }
      : analysis;
  const studyComments = await listStudyComments(db, study.id);
  const translations = groupBy(await listTranslationsForStudy(db, study.id), (t) => t.responseId);
  const nValidOf = new Map(storedResults.map((r) => [`${r.roundId}|${r.itemVersionId}`, r.result.stats.nValid]));
  const categories = await listCategories(db, study.id);
  const categoryCode = new Map(categories.map((c) => [c.id, c.code]));
  const rows = await listItemsWithVersions(db, study.id);
  const itemCode = new Map(rows.map((r) => [r.item.id, r.item.code]));
  const versionOf = new Map(rows.map((r) => [r.version.id, { item: r.item.code, version: r.version.version, position: r.item.position }]));
  const rounds = await listRounds(db, study.id);
  const roundNumber = new Map(rounds.map((r) => [r.id, r.number]));
  const presented = await listStudyRoundItems(db, study.id);
  const ref = (versionId: number) => versionOf.get(versionId)!;
  const blocks = await exportBlocks(db, study, rounds, panel, codes);
  const order = (a: { round: number; item: string }, b: { round: number; item: string }) => a.round - b.round || byCode(a.item, b.item);

  // The comments a file may hold (strict anonymity withholds those of items rated by fewer than k), by response id,
  // numbered C0001... in the file's own order (by round, item and text), which says nothing about who wrote them or when.
  const authorOf = (c: { panelistId: number; criterion: string }): { panelist?: string; criterion?: string } =>
    strict ? {} : { panelist: codes.get(c.panelistId)!, ...(c.criterion === '' ? {} : { criterion: c.criterion }) };
  const comments = studyComments
    .filter((c) => !strict || !overallWithheld(nValidOf.get(`${c.roundId}|${c.itemVersionId}`), study.minGroupSize))
    .map((c) => ({
      id: c.responseId,
      comment: { ref: '', round: roundNumber.get(c.roundId)!, item: ref(c.itemVersionId).item, version: ref(c.itemVersionId).version, text: c.text },
      author: authorOf(c),
      language: c.language,
      translations: (translations.get(c.responseId) ?? []).filter((t) => t.source === c.text).map((t) => ({ language: t.language, text: t.text })),
    }))
    .sort(
      (a, b) =>
        order(a.comment, b.comment) ||
        a.comment.version - b.comment.version ||
        a.comment.text.localeCompare(b.comment.text) ||
        byCode(a.author.panelist ?? '', b.author.panelist ?? '') ||
        byCode(a.author.criterion ?? '', b.author.criterion ?? ''),
    );
  const width = (n: number) => Math.max(4, String(n).length);
  comments.forEach((c, i) => (c.comment.ref = `C${String(i + 1).padStart(width(comments.length), '0')}`));
  const exportedComment = new Map(comments.map((c) => [c.id, c.comment]));
  const ideaRows = (await listStudyIdeas(db, study.id))
    .map((i) => ({
      id: i.id,
      idea: {
        ref: '',
        round: roundNumber.get(i.roundId)!,
        category: i.categoryId === null ? null : (categoryCode.get(i.categoryId) ?? null),
        ...(strict ? {} : { panelist: codes.get(i.panelistId)! }),
        language: i.language,
        text: i.text,
      },
    }))
    .sort((a, b) => a.idea.round - b.idea.round || a.idea.text.localeCompare(b.idea.text) || byCode(a.idea.panelist ?? '', b.idea.panelist ?? ''));
  ideaRows.forEach((x, i) => (x.idea.ref = `I${String(i + 1).padStart(width(ideaRows.length), '0')}`));
  const ideaRef = new Map(ideaRows.map((x) => [x.id, x.idea.ref]));
  const items = new Map<number, StudyExport['items'][number]>();
  for (const { item, version } of rows) {
    let entry = items.get(item.id);
    if (!entry) {
      entry = {
        code: item.code,
        category: item.categoryId === null ? null : (categoryCode.get(item.categoryId) ?? null),
        position: item.position,
        status: item.status,
        addedInRound: item.addedInRound,
        versions: [],
      };
      items.set(item.id, entry);
    }
    entry.versions.push({
      version: version.version,
      texts: version.texts,
      reason: version.reason,
      promptedByComments: version.sourceResponseIds.length,
      promptedBy: version.sourceResponseIds
        .flatMap((id) => {
          const c = exportedComment.get(id);
          return c ? [c] : [];
        })
        .sort((a, b) => byCode(a.ref, b.ref)),
    });
  }

  return {
    schemaVersion: STUDY_EXPORT_SCHEMA_VERSION,
    exportedAt: nowIso,
    software: {
      name: software.service.name,
      version: software.service.version,
      node: software.node,
      libraries: Object.fromEntries(software.libraries.map((l) => [l.name, l.version])),
    },
    disclosure: disclosureOf(study, archive, people.withheld),
    archive,
    study: {
      slug: study.slug,
      title: study.title,
      aim: study.aim,
      languages: study.languages,
      attributes: study.attributes,
      scale: study.scale,
      criteria: study.criteria,
      protocol: study.protocol,
      protocolLockedAt: study.protocolLockedAt,
      anonymity: study.anonymity,
      minGroupSize: study.minGroupSize,
      withdrawalPolicy: study.withdrawalPolicy,
      timeNeededMinutes: study.timeNeededMinutes,
      status: study.status,
      timeZone: study.timeZone,
      reporting: study.reporting,
      createdAt: study.createdAt,
    },
    protocolChanges: (await listStudyAudit(db, study.id, ['protocol.update'])).map((a) => {
      const details = a.details as { old?: Protocol; new?: Protocol };
      return { at: a.createdAt, before: details.old ?? null, after: details.new ?? null };
    }),
    categories: categories.map((c) => ({ code: c.code, position: c.position, names: c.names })),
    items: [...items.values()],
    rounds: await Promise.all(
      rounds.map(async (r) => ({
        ...roundFileFields(r),
        reminders: r.reminders,
        analysis: r.analysis === null ? null : withItemCodes(analysisOf(r.id, r.analysis as Record<string, unknown>), itemCode),
        items: presented.filter((p) => p.roundId === r.id).map((p) => ({ item: ref(p.itemVersionId).item, version: ref(p.itemVersionId).version })),
        mode: r.mode,
        ...(blocks.byRound.has(r.id) ? { blocks: blocks.byRound.get(r.id) } : {}),
        ...(r.mode === 'realtime' ? { realtime: await realtimeOf(db, r.id, strict, ref, codes) } : {}),
      })),
    ),
    blockAnswers: blocks.answers,
    panelists: strict ? null : people.panelists,
    attributesWithheld: people.withheld,
    members: people.members,
    emailTemplates: people.emailTemplates,
    responses: strict
      ? null
      : (await listStudyResponses(db, study.id))
          .map((r) => ({
            round: roundNumber.get(r.roundId)!,
            item: ref(r.itemVersionId).item,
            version: ref(r.itemVersionId).version,
            panelist: codes.get(r.panelistId)!,
            ...(r.criterion === '' ? {} : { criterion: r.criterion }),
            value: r.value,
            cannotJudge: r.cannotJudge,
          }))
          .sort((a, b) => order(a, b) || a.version - b.version || byCode(a.panelist, b.panelist) || byCode(a.criterion ?? '', b.criterion ?? '')),
    responsesOmitted: strict ? 'The study runs in strict anonymity mode: per-person responses are not exportable.' : null,
    comments: comments.map((c) => ({ ...c.comment, ...c.author, language: c.language, translations: c.translations })),
    ideas: ideaRows.map((x) => x.idea),
    results: storedResults
      .map((r) => {
        const shown = published.get(`${r.roundId}|${r.itemVersionId}`)!;
        const { itemId: _itemId, versionId: _versionId, ...result } = shown as unknown as ExportResult & { itemId: string; versionId: string };
        return { round: roundNumber.get(r.roundId)!, item: ref(r.itemVersionId).item, version: ref(r.itemVersionId).version, outcome: r.outcome, result };
      })
      .sort((a, b) => order(a, b) || a.version - b.version),
    itemFlow: (await listItemDecisions(db, study.id)).map((d) => ({
      round: roundNumber.get(d.roundId)!,
      item: itemCode.get(d.itemId)!,
      action: d.action,
      version: d.itemVersionId === null ? null : ref(d.itemVersionId).version,
      reason: d.reason,
      byDefault: d.reason?.startsWith('default:') ?? false,
      ...(d.linkedItemIds.length > 0 ? { linked: d.linkedItemIds.map((id) => itemCode.get(id)!) } : {}),
      ...(d.sourceIdeaIds.some((id) => ideaRef.has(id))
        ? { ideas: d.sourceIdeaIds.flatMap((id) => (ideaRef.has(id) ? [ideaRef.get(id)!] : [])).sort(byCode) }
        : {}),
    })),
    audit: (await summariseStudyAudit(db, study.id)).map((a) => ({ action: a.action, count: a.count, first: a.first, last: a.last })),
  };
}

/** Round-level engine output names items by database id; the export names them by code. */
function withItemCodes(analysis: Record<string, unknown>, itemCode: Map<number, string>): Record<string, unknown> {
  const headlines = (analysis.headlines as { itemId: string }[] | undefined) ?? [];
  return { ...analysis, headlines: headlines.map(({ itemId, ...rest }) => ({ item: itemCode.get(Number(itemId)) ?? itemId, ...rest })) };
}

type RoundFileFields = Pick<StudyExport['rounds'][number], 'number' | 'kind' | 'status' | 'instructions' | 'opensAt' | 'closesAt' | 'openedAt' | 'closedAt'>;

/** The round fields the study file carries unchanged, both on export and on import. */
export function roundFileFields(r: RoundFileFields): RoundFileFields {
  const { number, kind, status, instructions, opensAt, closesAt, openedAt, closedAt } = r;
  return { number, kind, status, instructions, opensAt, closesAt, openedAt, closedAt };
}

/** A real-time round's released snapshots and, outside strict anonymity, its feedback log under the export's pseudonyms. */
async function realtimeOf(
  db: Db,
  roundId: number,
  strict: boolean,
  ref: (versionId: number) => { item: string; version: number },
  codes: Map<number, string>,
): Promise<NonNullable<StudyExport['rounds'][number]['realtime']>> {
  // The criterion is named only in a study that names its criteria, so a one-criterion file keeps its shape.
  const criterion = (code: string) => (code === UNNAMED_CRITERION ? {} : { criterion: code });
  const snapshots = (await listSnapshots(db, roundId)).map((s) => ({
    item: ref(s.itemVersionId).item,
    version: ref(s.itemVersionId).version,
    ...criterion(s.criterion),
    number: s.number,
    answers: s.answers,
    releasedAt: s.releasedAt,
  }));
  const feedbackLog = strict
    ? null
    : (await listFeedbackViews(db, roundId)).map((v) => ({
        item: ref(v.itemVersionId).item,
        version: ref(v.itemVersionId).version,
        ...criterion(v.criterion),
        panelist: codes.get(v.panelistId)!,
        snapshot: v.snapshot,
        value: v.ownValue,
        seenAt: v.seenAt,
      }));
  return { snapshots, feedbackLog };
}
