import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';

export interface TranslationRow {
  responseId: number;
  language: string;
  text: string;
  source: string;
}

/** The study team's translations of a round's comments (row ids: callers turn them into opaque ids). */
export async function listTranslationsForRound(db: Db, roundId: number): Promise<TranslationRow[]> {
  const { commentTranslations: ct, responses } = db.t;
  return await db.orm
    .select({ responseId: ct.responseId, language: ct.language, text: ct.text, source: ct.source })
    .from(ct)
    .innerJoin(responses, eq(responses.id, ct.responseId))
    .where(eq(responses.roundId, roundId));
}

export async function listTranslationsForStudy(db: Db, studyId: number): Promise<TranslationRow[]> {
  const { commentTranslations: ct, responses, rounds } = db.t;
  return await db.orm
    .select({ responseId: ct.responseId, language: ct.language, text: ct.text, source: ct.source })
    .from(ct)
    .innerJoin(responses, eq(responses.id, ct.responseId))
    .innerJoin(rounds, eq(rounds.id, responses.roundId))
    .where(eq(rounds.studyId, studyId));
}

export async function upsertTranslations(db: Db, rows: (TranslationRow & { translatedBy: number | null; updatedAt: string })[]): Promise<void> {
  const { commentTranslations: ct } = db.t;
  for (const row of rows) {
    await db.orm
      .insert(ct)
      .values(row)
      .onConflictDoUpdate({
        target: [ct.responseId, ct.language],
        set: { text: row.text, source: row.source, translatedBy: row.translatedBy, updatedAt: row.updatedAt },
      });
  }
}

export async function deleteTranslation(db: Db, responseId: number, language: string): Promise<boolean> {
  const { commentTranslations: ct } = db.t;
  const gone = await db.orm
    .delete(ct)
    .where(and(eq(ct.responseId, responseId), eq(ct.language, language)))
    .returning({ responseId: ct.responseId });
  return gone.length > 0;
}
