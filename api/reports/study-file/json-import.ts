import type { Db } from '../../../db/client';
import type { ItemRoundResult, RoundAnalysisSummary } from '../../contract/result';
import type { StudyExport } from '../../schemas/study-export';
import { appendAudit } from '../../repositories/audit';
import { upsertMember } from '../../repositories/facilitators';
import { insertAuditEntryAt, insertResponses } from '../../repositories/imports';
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
    for (const p of input.panelists ?? []) {
      panelistId.set(
        p.code,
        (
          await insertPanelist(tx, {
            studyId: study.id,
            code: p.code,
            email: null,
            language: s.languages[0],
            attributes: p.attributes,
            status: p.status,
            tokenHash: null,
          })
        ).id,
      );
    }
    await insertResponses(
      tx,
      (input.responses ?? []).map((r) => ({
        roundId: roundId.get(r.round)!,
        panelistId: panelistId.get(r.panelist)!,
        itemVersionId: version(r.item, r.version),
        criterion: r.criterion ?? '',
        value: r.value,
        cannotJudge: r.cannotJudge,
        createdAt: nowIso,
        updatedAt: nowIso,
      })),
    );
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
      // The figures themselves are not in the file (the final results are); a snapshot is kept for the report's counts.
      await insertSnapshots(
        tx,
        r.realtime.snapshots.map((x) => ({
          roundId: round,
          itemVersionId: version(x.item, x.version),
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
    return study;
  });

  if (input.comments.length > 0 || input.ideas.length > 0) {
    notes.push(
      `${input.comments.length} comments and ${input.ideas.length} ideas stay in the export file only: they are not linked to panelists there, so ` +
        `they cannot be attached to imported answers.`,
    );
  }
  if (input.responses === null)
    notes.push(input.responsesOmitted ?? 'The export has no per-person responses; results were imported as they are and cannot be recomputed.');
  notes.push('Panelists were imported as codes without e-mail or invitation link; issue new links to continue the study with them.');
  return {
    study: created,
    counts: {
      items: input.items.length,
      versions: input.items.reduce((n, i) => n + i.versions.length, 0),
      rounds: input.rounds.length,
      panelists: input.panelists?.length ?? 0,
      responses: input.responses?.length ?? 0,
      results: input.results.length,
    },
    verification: input.responses === null ? null : await recomputeStudy(db, created),
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
