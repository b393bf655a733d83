import type { Db } from '../../db/client';
import { errors, MAX_LISTED_PROBLEMS, type Problem } from '../errors';
import type { CommentTranslationImport } from '../schemas/translations';
import { appendAudit } from '../repositories/audit';
import { deleteTranslation, upsertTranslations, type TranslationRow } from '../repositories/comment-translations';
import { listCommentsForRound } from '../repositories/responses';
import { listRoundItems, type RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { opaqueIds } from './opaque-ids';
import { roundComments } from './results-service';
import { parseCsv, parseXliff, renderCsv, renderXliff, type ToTranslate } from './translation-files';

/**
 * The comments the study team may translate: exactly those the comments view shows them, so a
 * translation route never reveals a comment that strict anonymity holds until the close.
 */
async function translatable(db: Db, study: StudyRow, round: RoundRow) {
  const view = await roundComments(db, study, round);
  if (view.held) {
    throw errors.conflict('COMMENTS_HELD', 'In strict anonymity the comments of a round are shown, and can be translated, once the round has closed.');
  }
  const rowIdOf = (await opaqueIds(db, study.id)).index(
    'response',
    (await listCommentsForRound(db, round.id)).map((r) => r.id),
  );
  return new Map(view.comments.map((c) => [c.responseId, { ...c, rowId: rowIdOf.get(c.responseId)! }]));
}

function studyLanguage(study: StudyRow, language: string, path: string): void {
  if (!study.languages.includes(language)) {
    throw errors.validation(`This study's languages are ${study.languages.join(', ')}.`, [{ path, message: 'not a study language' }]);
  }
}

/** One comment as the comments view lists it, after a translation was added or removed. */
async function commentAfter(db: Db, study: StudyRow, round: RoundRow, responseId: number) {
  return (await roundComments(db, study, round)).comments.find((c) => c.responseId === responseId)!;
}

export async function putTranslation(
  db: Db,
  study: StudyRow,
  round: RoundRow,
  responseId: number,
  language: string,
  text: string,
  facilitatorId: number,
  nowIso: string,
) {
  studyLanguage(study, language, 'params.language');
  await db.transaction(async (tx) => {
    const comment = (await translatable(tx, study, round)).get(responseId);
    if (!comment) throw errors.notFound('Comment');
    if (comment.language === language) {
      throw errors.validation('A comment is not translated into the language it was written in.', [
        { path: 'params.language', message: 'the original language' },
      ]);
    }
    await upsertTranslations(tx, [{ responseId: comment.rowId, language, text, source: comment.text, translatedBy: facilitatorId, updatedAt: nowIso }]);
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'comment.translate', details: { roundId: round.id, responseId, language } });
  });
  return await commentAfter(db, study, round, responseId);
}

export async function removeTranslation(db: Db, study: StudyRow, round: RoundRow, responseId: number, language: string, facilitatorId: number) {
  studyLanguage(study, language, 'params.language');
  await db.transaction(async (tx) => {
    const comment = (await translatable(tx, study, round)).get(responseId);
    if (!comment || !(await deleteTranslation(tx, comment.rowId, language))) throw errors.notFound('Translation');
    await appendAudit(tx, { studyId: study.id, facilitatorId, action: 'comment.translation_remove', details: { roundId: round.id, responseId, language } });
  });
  return await commentAfter(db, study, round, responseId);
}

/** The round's comments with no translation into `language` yet, as a file for a translator. */
export async function exportForTranslation(db: Db, study: StudyRow, round: RoundRow, language: string, format: 'csv' | 'xliff') {
  studyLanguage(study, language, 'querystring.language');
  const comments = await translatable(db, study, round);
  const codes = new Map((await listRoundItems(db, round.id)).map((r) => [r.version.id, r.item.code]));
  const units: ToTranslate[] = [...comments.values()]
    .filter((c) => c.language !== language && !c.translations.some((t) => t.language === language))
    .map((c) => ({ id: c.responseId, item: codes.get(c.itemVersionId) ?? '', language: c.language, text: c.text, version: c.itemVersionId }))
    // By item and text, whatever the study's anonymity: the order of the file says nothing about who wrote what, or when.
    .sort((a, b) => a.version - b.version || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) || a.id - b.id);
  const name = `${study.slug}-round-${round.number}-comments-${language}`;
  return format === 'xliff'
    ? {
        body: renderXliff(units, language, `${study.slug}-round-${round.number}`),
        contentType: 'application/xliff+xml; charset=utf-8',
        filename: `${name}.xlf`,
      }
    : { body: renderCsv(units, language), contentType: 'text/csv; charset=utf-8', filename: `${name}.csv` };
}

/**
 * Stores the translations of a returned file: all of them or, when anything is wrong (an id that is
 * not one of this round's comments, a language the file was not exported for, malformed XML), none.
 * Units left empty are skipped: a translator may return a file half done.
 */
export async function importTranslations(db: Db, study: StudyRow, round: RoundRow, input: CommentTranslationImport, facilitatorId: number, nowIso: string) {
  studyLanguage(study, input.language, 'body.language');
  return await db.transaction(async (tx) => {
    const comments = await translatable(tx, study, round);
    const problems: Problem[] = [];
    const units = input.format === 'xliff' ? parseXliff(input.content, problems) : parseCsv(input.content, problems);
    const rows: (TranslationRow & { translatedBy: number; updatedAt: string })[] = [];
    const seen = new Set<number>();
    let skipped = 0;
    for (const u of units) {
      const comment = comments.get(u.id);
      const at = { ...u.where, ...(u.where.line === undefined ? {} : { column: 'id' }) };
      if (!comment) problems.push({ ...at, message: `${u.id} is not a comment of round ${round.number}.` });
      else if (seen.has(u.id)) problems.push({ ...at, message: `Comment ${u.id} appears twice.` });
      else if (u.targetLanguage !== input.language)
        problems.push({ ...at, message: `The target language is "${u.targetLanguage}", but this import is for "${input.language}".` });
      else if (comment.language === input.language) problems.push({ ...at, message: `Comment ${u.id} was written in ${input.language}.` });
      else if (u.text.length > 4000) problems.push({ ...at, message: 'A translation is at most 4,000 characters.' });
      else if (u.text === '') skipped++;
      else
        rows.push({ responseId: comment.rowId, language: input.language, text: u.text, source: comment.text, translatedBy: facilitatorId, updatedAt: nowIso });
      seen.add(u.id);
    }
    if (problems.length > 0) throw errors.translationFileInvalid(problems.slice(0, MAX_LISTED_PROBLEMS), problems.length);
    await upsertTranslations(tx, rows);
    await appendAudit(tx, {
      studyId: study.id,
      facilitatorId,
      action: 'comment.translation_import',
      details: { roundId: round.id, language: input.language, format: input.format, imported: rows.length },
    });
    return { imported: rows.length, skipped };
  });
}
