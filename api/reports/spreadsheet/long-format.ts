import type { Db } from '../../../db/client';
import { listItemsWithVersions } from '../../repositories/studies';
import { listPanelists, type PanelistRow } from '../../repositories/panelists';
import { listStudyResponses } from '../../repositories/reports';
import { listRounds } from '../../repositories/rounds';
import type { StudyRow } from '../../repositories/studies';
import { coarsenCombinations } from '../../stats';
import { byCode, exportPseudonyms } from '../pseudonyms';

export const SUPPRESSED = 'suppressed';

export interface LongRow {
  round: number;
  item: string;
  version: number;
  panelist: string;
  /** The criterion code; '' in a study that names no criteria. */
  criterion: string;
  /** One value per attribute (in LongFormat.attributes order), or "suppressed" where coarsened. */
  attributes: string[];
  rating: number | null;
  cannotJudge: boolean;
}

export interface LongFormat {
  attributes: string[];
  /** The study names its criteria, in this order: the files then carry a criterion column. */
  criteria: string[];
  /** attribute → panelists whose value is "suppressed", so that every combination is shared by k. */
  withheld: Record<string, number>;
  /** Panelists left out: their combination is shared by fewer than k even with every value withheld. */
  leftOut: number;
  /** What was done, in words, for the file itself. */
  note: string;
  rows: LongRow[];
}

/**
 * Responses in long format (one row per round × item version × panelist) for the shareable
 * exports: panelists under codes drawn afresh for this export, and attributes coarsened until
 * every combination of them in the file is shared by at least k panelists (coarsenCombinations,
 * api/stats/disclosure.ts), because fresh codes do not stop two exports being joined on a rare
 * combination. Null in strict anonymity mode, where ratings are never exported per person.
 */
export async function longFormatResponses(db: Db, study: StudyRow): Promise<LongFormat | null> {
  if (study.anonymity === 'strict') return null;
  const attributes = study.attributes.map((a) => a.name);
  const responses = await listStudyResponses(db, study.id);
  const panel = await listPanelists(db, study.id);
  const { people, codes, shown, withheld, leftOut, note } = pseudonymisedPeople(study, panel, new Set(responses.map((r) => r.panelistId)));
  const rounds = new Map((await listRounds(db, study.id)).map((r) => [r.id, r.number]));
  const versions = new Map(
    (await listItemsWithVersions(db, study.id)).map((r) => [r.version.id, { item: r.item.code, position: r.item.position, version: r.version.version }]),
  );
  // Rows go by round, item, version, then pseudonym: never by enrolment or answer order. A numeric
  // key keeps the sort of several hundred thousand rows quick.
  const rank = new Map([...codes].sort((a, b) => byCode(a[1], b[1])).map(([id], i) => [id, i]));
  const positions = Math.max(0, ...[...versions.values()].map((v) => v.position)) + 1;
  const versionCount = Math.max(0, ...[...versions.values()].map((v) => v.version)) + 1;
  const criteria = study.criteria.map((c) => c.code);
  const criterionRank = new Map(criteria.map((c, i) => [c, i]));
  const criterionCount = Math.max(1, criteria.length);
  const rows = responses
    .filter((r) => shown.has(r.panelistId))
    .map((r) => {
      const v = versions.get(r.itemVersionId)!;
      const round = rounds.get(r.roundId)!;
      return {
        key:
          (((round * positions + v.position) * versionCount + v.version) * people.length + rank.get(r.panelistId)!) * criterionCount +
          (criterionRank.get(r.criterion) ?? 0),
        row: {
          round,
          item: v.item,
          version: v.version,
          panelist: codes.get(r.panelistId)!,
          criterion: r.criterion,
          attributes: shown.get(r.panelistId)!,
          rating: r.value,
          cannotJudge: r.cannotJudge,
        },
      };
    });
  rows.sort((a, b) => a.key - b.key);
  return {
    attributes,
    criteria,
    withheld,
    leftOut,
    note,
    rows: rows.map((r) => r.row),
  };
}

/**
 * The panelists of one long-format file under codes drawn afresh and with their attributes
 * coarsened so that every combination of values among exactly these people is shared by at least
 * k; `shown` lacks those left out. Each file is coarsened over its own people, because the promise
 * in its note is about the combinations in that file.
 */
export function pseudonymisedPeople(study: StudyRow, panel: readonly PanelistRow[], present: ReadonlySet<number>) {
  const people = panel.filter((p) => present.has(p.id));
  const codes = exportPseudonyms(
    people.map((p) => p.id),
    panel.map((p) => p.code),
  );
  const coarse = coarsenCombinations(
    people.map((p) => p.attributes),
    study.attributes.map((a) => a.name),
    study.minGroupSize,
  );
  const shown = new Map<number, string[]>();
  people.forEach((p, i) => {
    const values = coarse.shown[i];
    if (values)
      shown.set(
        p.id,
        values.map((v) => v ?? SUPPRESSED),
      );
  });
  return {
    people,
    codes,
    shown,
    withheld: coarse.withheld,
    leftOut: coarse.leftOut,
    note: coarseningNote(coarse.withheld, coarse.leftOut, study.minGroupSize),
  };
}

/** e.g. "country suppressed for 12 panelists, 1 panelist left out, so that every combination … at least 5". */
export function coarseningNote(withheld: Record<string, number>, leftOut: number, k: number): string {
  const done = [
    ...Object.entries(withheld)
      .filter(([, n]) => n > 0)
      .map(([a, n]) => `${a} "${SUPPRESSED}" for ${n} panelist${n === 1 ? '' : 's'}`),
    ...(leftOut > 0 ? [`${leftOut} panelist${leftOut === 1 ? '' : 's'} left out`] : []),
  ];
  const goal = `every combination of attribute values in this file is shared by at least k = ${k} panelists`;
  return done.length === 0 ? `Nothing coarsened: ${goal}.` : `Attributes coarsened so that ${goal}: ${done.join('; ')}.`;
}

/** The criterion cell, only in a study that names its criteria (older files keep their columns). */
export function criterionColumn(long: LongFormat, value: string): string[] {
  return long.criteria.length > 0 ? [value] : [];
}
