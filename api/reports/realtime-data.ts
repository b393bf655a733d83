import type { Db } from '../../db/client';
import { feedbackEffect, itemStability, type Answer, type FeedbackEffect, type StabilityResult } from '../stats';
import { countSnapshots, listFeedbackViews } from '../repositories/releases';
import { listAnswersForRound } from '../repositories/responses';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { batchSize } from '../services/release-service';

export interface RealtimeItem {
  versionId: number;
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

/** The feedback log of a real-time round turned into the report's per-item figures. */
export async function gatherRealtime(db: Db, study: StudyRow, round: RoundRow, versions: number[]): Promise<RealtimeReport> {
  const [counts, views, finals] = await Promise.all([countSnapshots(db, round.id), listFeedbackViews(db, round.id), listAnswersForRound(db, round.id)]);
  // Views come oldest snapshot first per panelist and item: the first one kept is the answer held when first shown.
  const firstSeen = new Map<string, number | null>();
  for (const v of views) {
    const key = `${v.itemVersionId}|${v.panelistId}`;
    if (!firstSeen.has(key)) firstSeen.set(key, v.ownValue);
  }
  const items = versions.map((versionId): RealtimeItem => {
    const first: Answer[] = [];
    const final: Answer[] = [];
    const pairs: { before: number | null; after: number | null }[] = [];
    for (const [panelistId, version, value, cannotJudge] of finals) {
      if (version !== versionId) continue;
      const after = cannotJudge ? null : value;
      const key = `${versionId}|${panelistId}`;
      const before = firstSeen.has(key) ? firstSeen.get(key)! : after;
      if (firstSeen.has(key)) pairs.push({ before, after });
      first.push({ panelist: String(panelistId), value: before, groups: {} });
      final.push({ panelist: String(panelistId), value: after, groups: {} });
    }
    return {
      versionId,
      snapshots: counts.get(versionId) ?? 0,
      effect: feedbackEffect(pairs),
      stability: itemStability({ round: round.number, answers: first }, final, study.scale, study.protocol.bands),
    };
  });
  return { batchSize: batchSize(study), items };
}
