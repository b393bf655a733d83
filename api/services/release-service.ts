import type { Db } from '../../db/client';
import { answerClocks, insertSnapshots, latestSnapshots, type SnapshotRow } from '../repositories/releases';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { listPanelists } from '../repositories/panelists';
import { listAnswersForRound } from '../repositories/responses';
import { analyseRound, type Answer, type ItemRoundResult } from '../stats';
import { analyse, buildAnalysisInput } from './round-analysis';

/*
 * Figures of an open round released in batches. Anyone who can read an aggregate twice can
 * subtract: if it moved by one answer between two looks, that answer is known, and whoever was
 * seen answering in between is linked to it. So an item's figures are only shown as snapshots,
 * and a new snapshot is released only when at least k panelists' answers differ from the answers
 * the previous snapshot rests on (its basis: a changed value or "cannot judge", a new answer or a
 * removed one), and only when it rests on at least k valid answers. Counting saves is not enough:
 * every save bumps the revision even when only the comment changed, so one new rating plus two
 * comment re-saves, or one panelist changing their rating k times, would release a snapshot that
 * differs by one person. Two snapshots a viewer can compare always differ in k or more panelists.
 *
 * Facilitators and observers of strict-anonymity studies see provisional results this way, and
 * panelists of a real-time round (rounds.mode) see the same snapshots as their feedback. There a
 * snapshot rests only on panelists still taking part: a withdrawal changes the basis like an
 * erased answer, so it leaves the next snapshot (the one already released stays as it was).
 *
 * Counting and releasing happen on read (and once after a burst of saves, off the save's reply,
 * see api/plugins/releases.ts), not inside the save transaction. A cheap clock derived from the
 * answers themselves (sum of revision numbers) rules items out first: k changed panelists need at
 * least k saves since the last snapshot (erasures only lower the sum, which delays, never hastens
 * a release). Items past it are compared answer by answer, first on a plain read of the round's
 * answers, then exactly on the answers the engine used, whose map is stored with the snapshot as
 * the next basis (server-only, never sent). Counting in the save transaction would add a write of
 * one hot row per item to every save, which on PostgreSQL makes concurrent saves of the same item
 * queue behind each other's row lock, and on SQLite lengthens the group commit. Releasing needs
 * the engine over the round's answers, far too much for the save path. Everything lives in the
 * database, so any instance may release, and two instances releasing at once store one snapshot
 * (the primary key includes its number).
 */

/** The batch size: the study's minimum group size, never below 3. */
export function batchSize(study: Pick<StudyRow, 'minGroupSize'>): number {
  return Math.max(3, study.minGroupSize);
}

/** True when an item with this clock may get a new snapshot after `previous`: the cheap prefilter. */
function isDue(clock: { saves: number; answers: number }, previous: SnapshotRow | undefined, k: number): boolean {
  if (clock.answers < k) return false;
  return previous === undefined || clock.saves - previous.saves >= k;
}

/** Panelist id → value, null for "cannot judge": what a snapshot rests on. */
type Basis = Record<string, number | null>;

function basisOf(answers: Pick<Answer, 'panelist' | 'value'>[]): Basis {
  return Object.fromEntries(answers.map((a) => [a.panelist, a.value]));
}

/** Panelists whose answer differs between two bases; a snapshot without one counts every answer as new. */
function changedPanelists(previous: Basis | null, current: Basis): number {
  const before = previous ?? {};
  let changed = 0;
  for (const panelist of new Set([...Object.keys(before), ...Object.keys(current)])) {
    if (!(panelist in before) || !(panelist in current) || before[panelist] !== current[panelist]) changed++;
  }
  return changed;
}

/** The previous snapshot's basis, or null when there is none (none at all, or stored before bases were). */
const basisBefore = (previous: SnapshotRow | undefined): Basis | null => (previous?.basis as Basis | null | undefined) ?? null;

/** Item versions past the save-count prefilter whose current answers, read plainly, differ in at least k panelists. */
async function changedEnough(
  db: Db,
  roundId: number,
  candidates: Set<number>,
  previous: Map<number, SnapshotRow>,
  k: number,
  withdrawn: Set<number>,
): Promise<Set<number>> {
  const current = new Map<number, Basis>();
  for (const [panelistId, version, value, cannotJudge] of await listAnswersForRound(db, roundId)) {
    if (!candidates.has(version) || withdrawn.has(panelistId)) continue;
    let basis = current.get(version);
    if (!basis) current.set(version, (basis = {}));
    basis[String(panelistId)] = cannotJudge ? null : value;
  }
  return new Set([...candidates].filter((v) => changedPanelists(basisBefore(previous.get(v)), current.get(v) ?? {}) >= k));
}

/**
 * Releases a snapshot of every item of an open rating round that is due, and returns the item
 * versions and snapshot numbers released now (empty when nothing was due or the round is not open).
 */
export async function releaseDue(db: Db, study: StudyRow, round: RoundRow, nowIso: string): Promise<{ itemVersionId: number; number: number }[]> {
  if (round.status !== 'open' || round.kind !== 'rating') return [];
  const k = batchSize(study);
  const previous = await latestSnapshots(db, round.id);
  const before = await answerClocks(db, round.id);
  const due = new Set([...before].filter(([version, clock]) => isDue(clock, previous.get(version), k)).map(([version]) => version));
  if (due.size === 0) return [];
  const realtime = round.mode === 'realtime';
  const withdrawn = realtime ? new Set((await listPanelists(db, study.id)).filter((p) => p.status === 'withdrawn').map((p) => p.id)) : new Set<number>();
  const changed = await changedEnough(db, round.id, due, previous, k, withdrawn);
  if (changed.size === 0) return [];
  const { analysis, input } = realtime ? await analyseLive(db, study, round, changed, withdrawn) : await analyse(db, study, round);
  const used = new Map(input.items.map((item) => [Number(item.versionId), basisOf(item.answers)]));
  // Read after the answers the figures used: every save in the figures is counted here, and one
  // that lands in between is counted without being in them, which only makes the next batch larger.
  const after = await answerClocks(db, round.id);
  const rows: SnapshotRow[] = [];
  for (const result of analysis.items) {
    const version = Number(result.versionId);
    if (!changed.has(version) || result.stats.nValid < k) continue;
    // Decided again on the answers the figures used: one may have changed since the plain read.
    const basis = used.get(version) ?? {};
    if (changedPanelists(basisBefore(previous.get(version)), basis) < k) continue;
    rows.push({
      roundId: round.id,
      itemVersionId: version,
      number: (previous.get(version)?.number ?? 0) + 1,
      saves: Math.max(after.get(version)?.saves ?? 0, before.get(version)?.saves ?? 0),
      answers: result.stats.nValid,
      result,
      basis,
      releasedAt: nowIso,
    });
  }
  if (rows.length === 0) return [];
  const stored = await db.transaction((tx) => insertSnapshots(tx, rows));
  return stored === 0 ? [] : rows.map((r) => ({ itemVersionId: r.itemVersionId, number: r.number }));
}

/**
 * The engine over the items due in a real-time round, on the answers of panelists still taking
 * part. Only those items: a round of hundreds of items then costs a release no more than its batch.
 */
async function analyseLive(db: Db, study: StudyRow, round: RoundRow, versions: Set<number>, withdrawn: Set<number>) {
  const { input } = await buildAnalysisInput(db, study, round);
  const withdrawnIds = new Set([...withdrawn].map(String));
  input.items = input.items
    .filter((item) => versions.has(Number(item.versionId)))
    .map((item) => ({ ...item, answers: item.answers.filter((a) => !withdrawnIds.has(a.panelist)) }));
  return { analysis: analyseRound(input), input };
}

export interface ReleasedFigures {
  itemVersionId: number;
  /** Valid answers the snapshot rests on. */
  answers: number;
  result: ItemRoundResult;
}

/**
 * The newest released snapshot of each item of a round, after releasing whatever is due. A
 * real-time round's snapshots are released only by the release pass (api/plugins/releases.ts),
 * which also tells the panelists' pages: one released by a dashboard read would reach them late.
 */
export async function releasedFigures(db: Db, study: StudyRow, round: RoundRow, nowIso: string): Promise<Map<number, ReleasedFigures>> {
  if (round.mode !== 'realtime') await releaseDue(db, study, round, nowIso);
  const latest = await latestSnapshots(db, round.id);
  return new Map([...latest].map(([version, s]) => [version, { itemVersionId: version, answers: s.answers, result: s.result as ItemRoundResult }]));
}
