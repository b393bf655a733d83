import type { Db } from '../../db/client';
import { listTranslationsForRound } from '../repositories/comment-translations';

export interface Translation {
  language: string;
  text: string;
}

/**
 * The translations still true to their comment, by response row id. A translation of words the
 * panelist has since revised is kept but not shown: it no longer says what the panelist said.
 */
export async function currentTranslations(db: Db, roundId: number, comments: Map<number, string | null>): Promise<Map<number, Translation[]>> {
  const out = new Map<number, Translation[]>();
  for (const t of await listTranslationsForRound(db, roundId)) {
    if (comments.get(t.responseId) !== t.source) continue;
    out.set(t.responseId, [...(out.get(t.responseId) ?? []), { language: t.language, text: t.text }]);
  }
  for (const list of out.values()) list.sort((a, b) => (a.language < b.language ? -1 : 1));
  return out;
}
