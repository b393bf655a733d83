import type { Db } from '../../../db/client';
import type { ItemRoundResult, RoundAnalysisSummary } from '../../contract/result';
import type { StudyExport } from '../../schemas/study-export';
import { appendAudit } from '../../repositories/audit';
import { upsertMember } from '../../repositories/facilitators';
import { upsertTranslations } from '../../repositories/comment-translations';
import { upsertEmailTemplate } from '../../repositories/email';
import { findFacilitatorByEmail } from '../../repositories/facilitators';
import { insertAuditEntryAt, insertIdea, insertResponses, listCommentedResponseKeys, setVersionSources } from '../../repositories/imports';
import { insertStudySecret } from '../../repositories/study-keys';
import { newStudySecret } from '../../services/opaque-ids';
import { UNNAMED_CRITERION } from '../../services/criteria';
import { byCode, storedCodesInFileOrder } from '../pseudonyms';
import { insertPanelist } from '../../repositories/panelists';
import { insertItemDecisions, insertRound, insertRoundItems, insertRoundResults } from '../../repositories/rounds';
import { insertBlock, insertBlockResult, upsertBlockAnswer } from '../../repositories/blocks';
import { insertFeedbackViews, insertSnapshots } from '../../repositories/releases';
import { insertCategory, insertItem, insertItemVersion, insertStudy, slugExists, type StudyRow } from '../../repositories/studies';
import { checkStudyExport } from './import-checks';
import { roundFileFields } from './json-export';
import { recomputeStudy, type RecomputeCheck } from './recompute';

export interface ImportOutcome {
  study: StudyRow;
  counts: { items: number; versions: number; rounds: number; panelists: number; responses: number; results: number };
  /** The engine run again on the imported answers, compared with the imported results. */
  verification: RecomputeCheck | null;
  notes: string[];
}

/**
 * Restores a study export as a new study: a new slug when the old one is taken, the importing
 * facilitator (or nobody) as owner, panelists as their export codes with no e-mail, no link and
 * no session. Everything is written in one immediate transaction; then every closed round is
 * recomputed and compared with the imported results.
 */
export async function importStudy(db: Db, input: StudyExport, ownerId: number | null, nowIso: string): Promise<ImportOutcome> {
  checkStudyExport(input);
  const notes: string[] = [];
  const { study: s } = input;
  const created = await db.transaction(async (tx) => {
    const study = await insertStudy(tx, {
      slug: await freeSlug(tx, s.slug),
      title: s.title,
      aim: s.aim,
      languages: s.languages,
      attributes: s.attributes,
      scale: s.scale,
      criteria: s.criteria ?? [],
      protocol: s.protocol,
      protocolLockedAt: s.protocolLockedAt,
      anonymity: s.anonymity,
      minGroupSize: s.minGroupSize,
      withdrawalPolicy: s.withdrawalPolicy,
      timeNeededMinutes: s.timeNeededMinutes,
      status: s.status,
      ...(s.timeZone ? { timeZone: s.timeZone } : {}),
      reporting: s.reporting ?? {},
      createdAt: nowIso,
      updatedAt: nowIso,
    });
    if (ownerId !== null) await upsertMember(tx, study.id, ownerId, 'owner');
    // The new study's secret orders its panel's file references (pseudonyms.ts): made now, so the codes below can follow it.
    const secret = newStudySecret();
    await insertStudySecret(tx, study.id, secret);
    for (const m of input.members ?? []) {
      // A full archive names the team; whoever already has an account here gets their role back (the importer stays owner).
      const account = m.email === undefined ? undefined : await findFacilitatorByEmail(tx, m.email);
      if (account && account.id !== ownerId) await upsertMember(tx, study.id, account.id, m.role);
    }
    for (const t of input.emailTemplates ?? []) {
      await upsertEmailTemplate(tx, {
        studyId: study.id,
        language: t.language,
        kind: t.kind,
        subject: t.subject,
        body: t.body,
        updatedBy: ownerId,
        updatedAt: nowIso,
      });
    }

    const categoryId = new Map<string, number>();
    for (const c of input.categories)
      categoryId.set(c.code, (await insertCategory(tx, { studyId: study.id, code: c.code, position: c.position, names: c.names })).id);
    const itemId = new Map<string, number>();
    const versionId = new Map<string, number>();
    for (const item of input.items) {
      const row = await insertItem(tx, {
        studyId: study.id,
        categoryId: item.category === null ? null : categoryId.get(item.category)!,
        code: item.code,
        position: item.position,
        status: item.status,
        addedInRound: item.addedInRound,
      });
      itemId.set(item.code, row.id);
      for (const v of [...item.versions].sort((a, b) => a.version - b.version)) {
        const previous = versionId.get(`${item.code}@${v.version - 1}`) ?? null;
        versionId.set(
          `${item.code}@${v.version}`,
          (await insertItemVersion(tx, { itemId: row.id, version: v.version, texts: v.texts, previousVersionId: previous, reason: v.reason })).id,
        );
      }
    }
    const version = (code: string, n: number) => versionId.get(`${code}@${n}`)!;

    const roundId = new Map<number, number>();
    for (const r of input.rounds) {
      // The file's engine output is checked by shape only; the recompute below compares it with the engine's own.
      const analysis = r.analysis === null ? null : (withItemIds(r.analysis, itemId) as RoundAnalysisSummary);
      const row = await insertRound(tx, {
        studyId: study.id,
        ...roundFileFields(r),
        mode: r.mode ?? 'classic',
        reminders: r.reminders ?? [],
        analysis,
      });
      roundId.set(r.number, row.id);
      await insertRoundItems(
        tx,
        r.items.map((p, position) => ({ roundId: row.id, itemId: itemId.get(p.item)!, itemVersionId: version(p.item, p.version), position })),
      );
    }

    const panelistId = new Map<string, number>();
    // Stored codes drawn so that the next export numbers each panelist as this file does (P0001 stays P0001).
    const filePanel = [...(input.panelists ?? [])].sort((a, b) => byCode(a.code, b.code));
    const storedCodes = storedCodesInFileOrder(secret, filePanel.length);
    for (const [i, p] of filePanel.entries()) {
      panelistId.set(
        p.code,
        (
          await insertPanelist(tx, {
            studyId: study.id,
            code: storedCodes[i],
            email: p.email ?? null,
            language: p.language ?? s.languages[0],
            attributes: p.attributes,
            status: p.status,
            tokenHash: null,
          })
        ).id,
      );
    }
    const answerKey = (r: { round: number; panelist: string; item: string; version: number; criterion?: string }) =>
      `${r.round}|${r.panelist}|${r.item}@${r.version}|${r.criterion ?? ''}`;
    const commentOf = new Map(input.comments.flatMap((c) => (c.panelist === undefined ? [] : [[answerKey({ ...c, panelist: c.panelist }), c] as const])));
    await insertResponses(
      tx,
      (input.responses ?? []).map((r) => ({
        roundId: roundId.get(r.round)!,
        panelistId: panelistId.get(r.panelist)!,
        itemVersionId: version(r.item, r.version),
        criterion: r.criterion ?? '',
        value: r.value,
        cannotJudge: r.cannotJudge,
        comment: commentOf.get(answerKey(r))?.text ?? null,
        language: commentOf.get(answerKey(r))?.language ?? '',
        createdAt: nowIso,
        updatedAt: nowIso,
      })),
    );
    const restored = await restoreCommentsAndIdeas(tx, input, { studyId: study.id, ownerId, nowIso, roundId, panelistId, versionId, categoryId });
    // Question blocks (since 1.3.0): settings, frozen results and answers as the file holds them.
    for (const r of input.rounds) {
      for (const b of r.blocks ?? []) {
        const row = await insertBlock(tx, {
          roundId: roundId.get(r.number)!,
          position: b.position,
          kind: b.kind,
          config: b.config,
          instructions: b.instructions,
        });
        if (b.result !== null) await insertBlockResult(tx, row.id, b.result);
        for (const a of (input.blockAnswers ?? []).filter((x) => x.round === r.number && x.block === b.position)) {
          await upsertBlockAnswer(tx, {
            blockId: row.id,
            roundId: row.roundId,
            panelistId: panelistId.get(a.panelist)!,
            subject: a.subject,
            value: a.value,
            cannotJudge: a.cannotJudge,
            nowIso,
          });
        }
      }
    }
    for (const r of input.rounds) {
      if (!r.realtime) continue;
      const round = roundId.get(r.number)!;
      // A file written before snapshots named their criterion may come from a study with one named criterion: it is theirs.
      const criterionOf = (code: string | undefined) => code ?? (s.criteria?.length === 1 ? s.criteria[0].code : UNNAMED_CRITERION);
      // The figures themselves are not in the file (the final results are); a snapshot is kept for the report's counts.
      await insertSnapshots(
        tx,
        r.realtime.snapshots.map((x) => ({
          roundId: round,
          itemVersionId: version(x.item, x.version),
          criterion: criterionOf(x.criterion),
          number: x.number,
          saves: 0,
          answers: x.answers,
          result: {},
          basis: null,
          releasedAt: x.releasedAt,
        })),
      );
      await insertFeedbackViews(
        tx,
        (r.realtime.feedbackLog ?? []).map((v) => ({
          roundId: round,
          panelistId: panelistId.get(v.panelist)!,
          itemVersionId: version(v.item, v.version),
          criterion: criterionOf(v.criterion),
          snapshot: v.snapshot,
          ownValue: v.value,
          seenAt: v.seenAt,
        })),
      );
    }
    await insertRoundResults(
      tx,
      input.results.map((r) => {
        const ids = { item: itemId.get(r.item)!, version: version(r.item, r.version) };
        return {
          roundId: roundId.get(r.round)!,
          itemVersionId: ids.version,
          itemId: ids.item,
          outcome: r.outcome,
          result: { itemId: String(ids.item), versionId: String(ids.version), ...r.result } as ItemRoundResult,
        };
      }),
    );
    await insertItemDecisions(
      tx,
      input.itemFlow.map((d) => ({
        studyId: study.id,
        roundId: roundId.get(d.round)!,
        itemId: itemId.get(d.item)!,
        action: d.action,
        itemVersionId: d.version === null ? null : version(d.item, d.version),
        reason: d.reason,
        linkedItemIds: (d.linked ?? []).map((code) => itemId.get(code)!),
        sourceIdeaIds: (d.ideas ?? []).flatMap((ref) => (restored.ideaId.has(ref) ? [restored.ideaId.get(ref)!] : [])),
        decidedBy: null,
      })),
    );
    for (const c of input.protocolChanges) {
      await insertAuditEntryAt(tx, {
        studyId: study.id,
        facilitatorId: null,
        action: 'protocol.update',
        details: { old: c.before, new: c.after, imported: true },
        createdAt: c.at,
      });
    }
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId: ownerId,
      action: 'study.import',
      details: { sourceSlug: s.slug, schemaVersion: input.schemaVersion, exportedAt: input.exportedAt, software: input.software, audit: input.audit },
    });
    return { study, restored };
  });

  const unlinked = {
    comments: input.comments.filter((c) => c.panelist === undefined).length,
    ideas: input.ideas.filter((i) => i.panelist === undefined).length,
  };
  if (unlinked.comments > 0 || unlinked.ideas > 0) {
    notes.push(
      `${unlinked.comments} comments and ${unlinked.ideas} ideas stay in the export file only: they are not linked to panelists there (strict ` +
        `anonymity, or a file older than 1.4.0), so they cannot be attached to imported answers.`,
    );
  }
  if ((input.attributesWithheld ?? []).length > 0) {
    notes.push(
      `The file leaves out the attributes ${input.attributesWithheld!.join(', ')} (a value held by fewer than k panelists), and hides their groups in ` +
        'the results; the recompute leaves those groups out. A full archive carries them.',
    );
  }
  if ((input.members ?? []).some((m) => m.email === undefined && m.role !== 'owner'))
    notes.push('The study team is listed by role only; add its members again under Members.');
  if (input.responses === null)
    notes.push(input.responsesOmitted ?? 'The export has no per-person responses; results were imported as they are and cannot be recomputed.');
  notes.push('Panelists were imported as codes without e-mail or invitation link; issue new links to continue the study with them.');
  return {
    study: created.study,
    counts: {
      items: input.items.length,
      versions: input.items.reduce((n, i) => n + i.versions.length, 0),
      rounds: input.rounds.length,
      panelists: input.panelists?.length ?? 0,
      responses: input.responses?.length ?? 0,
      results: input.results.length,
    },
    verification: input.responses === null ? null : await recomputeStudy(db, created.study, input.attributesWithheld ?? []),
    notes,
  };
}

async function freeSlug(db: Db, exported: string): Promise<string> {
  // An all-digit slug would be read as a study number by findStudyByRef and never found by name.
  const wanted = /[a-z]/.test(exported) ? exported : `study-${exported}`.slice(0, 60);
  if (!(await slugExists(db, wanted))) return wanted;
  const base = wanted.slice(0, 55);
  for (let i = 2; ; i++) if (!(await slugExists(db, `${base}-${i}`))) return `${base}-${i}`;
}

/** The export names items by code in the round-level headlines; this instance uses database ids. */
function withItemIds(analysis: Record<string, unknown>, itemId: Map<string, number>): Record<string, unknown> {
  const headlines = (analysis.headlines as { item: string }[] | undefined) ?? [];
  return { ...analysis, headlines: headlines.map(({ item, ...rest }) => ({ itemId: String(itemId.get(item) ?? item), ...rest })) };
}

interface RestoreContext {
  studyId: number;
  ownerId: number | null;
  nowIso: string;
  roundId: Map<number, number>;
  panelistId: Map<string, number>;
  versionId: Map<string, number>;
  categoryId: Map<string, number>;
}

/**
 * Since 1.4.0 comments and ideas name their author's file reference: the comments were written
 * onto their answers above; here their translations and the rewordings they prompted, and the
 * ideas, which the item flow's added items point at.
 */
async function restoreCommentsAndIdeas(tx: Db, input: StudyExport, c: RestoreContext): Promise<{ ideaId: Map<string, number> }> {
  const key = (round: number, panelistId: number, versionId: number, criterion: string) => `${round}|${panelistId}|${versionId}|${criterion}`;
  const responseId = new Map(
    (await listCommentedResponseKeys(tx, c.studyId)).map((r) => [key(r.roundId, r.panelistId, r.itemVersionId, r.criterion), r.id] as const),
  );
  const commentId = new Map<string, number>();
  for (const comment of input.comments) {
    if (comment.panelist === undefined || comment.ref === undefined) continue;
    const id = responseId.get(
      key(c.roundId.get(comment.round)!, c.panelistId.get(comment.panelist)!, c.versionId.get(`${comment.item}@${comment.version}`)!, comment.criterion ?? ''),
    )!;
    commentId.set(comment.ref, id);
    await upsertTranslations(
      tx,
      (comment.translations ?? []).map((t) => ({
        responseId: id,
        language: t.language,
        text: t.text,
        source: comment.text,
        translatedBy: c.ownerId,
        updatedAt: c.nowIso,
      })),
    );
  }
  for (const item of input.items) {
    for (const v of item.versions) {
      const sources = (v.promptedBy ?? []).flatMap((p) => (p.ref !== undefined && commentId.has(p.ref) ? [commentId.get(p.ref)!] : []));
      if (sources.length > 0) await setVersionSources(tx, c.versionId.get(`${item.code}@${v.version}`)!, sources);
    }
  }
  const ideaId = new Map<string, number>();
  for (const idea of input.ideas) {
    if (idea.panelist === undefined || idea.ref === undefined) continue;
    const id = await insertIdea(tx, {
      roundId: c.roundId.get(idea.round)!,
      panelistId: c.panelistId.get(idea.panelist)!,
      categoryId: idea.category === null ? null : c.categoryId.get(idea.category)!,
      text: idea.text,
      language: idea.language ?? '',
      createdAt: c.nowIso,
    });
    ideaId.set(idea.ref, id);
  }
  return { ideaId };
}
