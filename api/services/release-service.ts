import type { Db } from '../../db/client';
import { answerClocks, insertSnapshots, latestSnapshots, subjectKey, type SnapshotRow, type Subject } from '../repositories/releases';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { listPanelists } from '../repositories/panelists';
import { listAnswersForRound } from '../repositories/responses';
import { analyseRound, type Answer, type Descriptives, type ItemRoundInput, type ItemRoundResult } from '../stats';
import { criteriaOf, UNNAMED_CRITERION } from './criteria';
import { buildAnalysisInput } from './round-analysis';

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

/** True when an item and criterion with this clock may get a new snapshot after `previous`: the cheap prefilter. */
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

/** Subjects past the save-count prefilter whose current answers, read plainly, differ in at least k panelists. */
async function changedEnough(
  db: Db,
  roundId: number,
  candidates: Set<string>,
  previous: Map<string, SnapshotRow>,
  k: number,
  withdrawn: Set<number>,
): Promise<Set<string>> {
  const current = new Map<string, Basis>();
  for (const [panelistId, version, value, cannotJudge, criterion] of await listAnswersForRound(db, roundId)) {
    const key = subjectKey(version, criterion);
    if (!candidates.has(key) || withdrawn.has(panelistId)) continue;
    let basis = current.get(key);
    if (!basis) current.set(key, (basis = {}));
    basis[String(panelistId)] = cannotJudge ? null : value;
  }
  return new Set([...candidates].filter((key) => changedPanelists(basisBefore(previous.get(key)), current.get(key) ?? {}) >= k));
}

const validIn = (basis: Basis) => Object.values(basis).filter((v) => v !== null).length;

/**
 * Releases a snapshot of every item and criterion of an open rating round that is due, and returns
 * those released now with their numbers (empty when nothing was due or the round is not open).
 *
 * Each criterion of an item is counted on its own: its batch needs k panelists changed on that
 * criterion, however many changed on another, or one panelist's rating could be read off a
 * criterion that moved by one answer while its neighbour moved by many. A snapshot stores the
 * item's whole result, but one computed from the answers now being released on its criterion and,
 * on every other criterion, the answers its own last snapshot rests on: nothing in it, outcome
 * included, reads an answer that has not been released.
 */
export async function releaseDue(db: Db, study: StudyRow, round: RoundRow, nowIso: string): Promise<(Subject & { number: number })[]> {
  if (round.status !== 'open' || round.kind !== 'rating') return [];
  const k = batchSize(study);
  const previous = await latestSnapshots(db, round.id);
  const before = await answerClocks(db, round.id);
  const due = new Set([...before].filter(([key, clock]) => isDue(clock, previous.get(key), k)).map(([key]) => key));
  if (due.size === 0) return [];
  const realtime = round.mode === 'realtime';
  const panelists = await listPanelists(db, study.id);
  const withdrawn = realtime ? new Set(panelists.filter((p) => p.status === 'withdrawn').map((p) => p.id)) : new Set<number>();
  const changed = await changedEnough(db, round.id, due, previous, k, withdrawn);
  if (changed.size === 0) return [];
  const { input } = await buildAnalysisInput(db, study, round);
  const withdrawnIds = new Set([...withdrawn].map(String));
  const codes = criteriaOf(study).map((c) => c.code);
  const named = study.criteria.length > 0;
  const criterionOf = (a: Answer) => a.criterion ?? UNNAMED_CRITERION;
  // Decided again on the answers the figures use: one may have changed since the plain read.
  const released = new Map<string, Basis>();
  for (const item of input.items) {
    const version = Number(item.versionId);
    if (realtime) item.answers = item.answers.filter((a) => !withdrawnIds.has(a.panelist));
    for (const code of codes) {
      const key = subjectKey(version, code);
      if (!changed.has(key)) continue;
      const basis = basisOf(item.answers.filter((a) => criterionOf(a) === code));
      if (validIn(basis) >= k && changedPanelists(basisBefore(previous.get(key)), basis) >= k) released.set(key, basis);
    }
  }
  if (released.size === 0) return [];
  const groupsOf = new Map(panelists.map((p) => [String(p.id), p.attributes]));
  const releasing = (item: ItemRoundInput) => codes.some((code) => released.has(subjectKey(Number(item.versionId), code)));
  // Only the items released now in a real-time round: a round of hundreds of items then costs a release no more than its batch.
  if (realtime) input.items = input.items.filter(releasing);
  for (const item of input.items.filter(releasing)) {
    const version = Number(item.versionId);
    item.answers = codes.flatMap((code): Answer[] => {
      const key = subjectKey(version, code);
      if (released.has(key)) return item.answers.filter((a) => criterionOf(a) === code);
      return Object.entries(basisBefore(previous.get(key)) ?? {}).map(([panelist, value]) => ({
        panelist,
        value,
        groups: groupsOf.get(panelist) ?? {},
        ...(named ? { criterion: code } : {}),
      }));
    });
  }
  const analysis = analyseRound(input);
  // Read after the answers the figures used: every save in the figures is counted here, and one
  // that lands in between is counted without being in them, which only makes the next batch larger.
  const after = await answerClocks(db, round.id);
  const rows: SnapshotRow[] = [];
  for (const result of analysis.items) {
    const version = Number(result.versionId);
    for (const code of codes) {
      const key = subjectKey(version, code);
      const basis = released.get(key);
      if (!basis) continue;
      rows.push({
        roundId: round.id,
        itemVersionId: version,
        criterion: code,
        number: (previous.get(key)?.number ?? 0) + 1,
        saves: Math.max(after.get(key)?.saves ?? 0, before.get(key)?.saves ?? 0),
        answers: validIn(basis),
        result,
        basis,
        releasedAt: nowIso,
      });
    }
  }
  if (rows.length === 0) return [];
  const stored = await db.transaction((tx) => insertSnapshots(tx, rows));
  return stored === 0 ? [] : rows.map((r) => ({ itemVersionId: r.itemVersionId, criterion: r.criterion, number: r.number }));
}

/** The figures of one criterion in an item's result: its own entry in a study that names criteria, the item's otherwise. */
export function figuresOn(result: ItemRoundResult, criterion: string): Descriptives | undefined {
  if (criterion === UNNAMED_CRITERION) return result.stats;
  return result.criteria?.find((c) => c.criterion === criterion)?.stats;
}

export interface ReleasedFigures {
  itemVersionId: number;
  /** Valid answers the snapshot rests on, on the criterion it was released for. */
  answers: number;
  result: ItemRoundResult;
}

/**
 * The newest released figures of each item of a round, after releasing whatever is due: of the
 * item's criteria, the snapshot released last, whose result holds every criterion's released
 * figures. A real-time round's snapshots are released only by the release pass
 * (api/plugins/releases.ts), which also tells the panelists' pages: one released by a dashboard
 * read would reach them late.
 */
export async function releasedFigures(db: Db, study: StudyRow, round: RoundRow, nowIso: string): Promise<Map<number, ReleasedFigures>> {
  if (round.mode !== 'realtime') await releaseDue(db, study, round, nowIso);
  const newest = new Map<number, SnapshotRow>();
  for (const s of (await latestSnapshots(db, round.id)).values()) {
    const other = newest.get(s.itemVersionId);
    if (!other || s.releasedAt > other.releasedAt || (s.releasedAt === other.releasedAt && s.number > other.number)) newest.set(s.itemVersionId, s);
  }
  return new Map([...newest].map(([version, s]) => [version, { itemVersionId: version, answers: s.answers, result: s.result as ItemRoundResult }]));
}
