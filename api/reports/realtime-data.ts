import type { Db } from '../../db/client';
import { feedbackEffect, itemStability, type Answer, type FeedbackEffect, type StabilityResult } from '../stats';
import { countSnapshots, listFeedbackViews, subjectKey } from '../repositories/releases';
import { listAnswersForRound } from '../repositories/responses';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { criterionInputs } from '../services/criteria';
import { batchSize } from '../services/release-service';

export interface RealtimeItem {
  versionId: number;
  /** The criterion, in a study that names its criteria (one row per item and criterion); null otherwise. */
  criterion: string | null;
  /** Snapshots released while the round was open. */
  snapshots: number;
  effect: FeedbackEffect;
  /**
   * §7 measures between each panelist's first answer (the one held when first shown a snapshot,
   * or the final one for a panelist never shown any) and their final answer.
   */
  stability: StabilityResult;
}

export interface RealtimeReport {
  /** k: a snapshot advanced only after at least this many changed answers. */
  batchSize: number;
  items: RealtimeItem[];
}

/** The feedback log of a real-time round turned into the report's figures per item and criterion. */
export async function gatherRealtime(db: Db, study: StudyRow, round: RoundRow, versions: number[]): Promise<RealtimeReport> {
  const [counts, views, finals] = await Promise.all([countSnapshots(db, round.id), listFeedbackViews(db, round.id), listAnswersForRound(db, round.id)]);
  // Views come oldest snapshot first per panelist, item and criterion: the first one kept is the answer held when first shown.
  const firstSeen = new Map<string, number | null>();
  for (const v of views) {
    const key = `${subjectKey(v.itemVersionId, v.criterion)}|${v.panelistId}`;
    if (!firstSeen.has(key)) firstSeen.set(key, v.ownValue);
  }
  const criteria = criterionInputs(study)?.map((c) => ({ ...c, named: true })) ?? [{ code: '', scale: study.scale, bands: study.protocol.bands, named: false }];
  const items = versions.flatMap((versionId) =>
    criteria.map((c): RealtimeItem => {
      const first: Answer[] = [];
      const final: Answer[] = [];
      const pairs: { before: number | null; after: number | null }[] = [];
      const subject = subjectKey(versionId, c.code);
      for (const [panelistId, version, value, cannotJudge, criterion] of finals) {
        if (version !== versionId || criterion !== c.code) continue;
        const after = cannotJudge ? null : value;
        const key = `${subject}|${panelistId}`;
        const before = firstSeen.has(key) ? firstSeen.get(key)! : after;
        if (firstSeen.has(key)) pairs.push({ before, after });
        first.push({ panelist: String(panelistId), value: before, groups: {} });
        final.push({ panelist: String(panelistId), value: after, groups: {} });
      }
      return {
        versionId,
        criterion: c.named ? c.code : null,
        snapshots: counts.get(subject) ?? 0,
        effect: feedbackEffect(pairs),
        stability: itemStability({ round: round.number, answers: first }, final, c.scale, c.bands),
      };
    }),
  );
  return { batchSize: batchSize(study), items };
}
