import type { Db } from '../../db/client';
import { listItemsWithVersions } from '../repositories/studies';
import { listPanelists } from '../repositories/panelists';
import { listStudyResponses } from '../repositories/reports';
import { listRounds } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { hiddenGroups } from './participation-data';
import { byCode, exportPseudonyms } from './pseudonyms';

export const SUPPRESSED = 'suppressed';

export interface LongRow {
  round: number;
  item: string;
  version: number;
  panelist: string;
  /** One value per attribute (in LongFormat.attributes order), or "suppressed". */
  attributes: string[];
  rating: number | null;
  cannotJudge: boolean;
}

export interface LongFormat {
  attributes: string[];
  /** attribute → values replaced by "suppressed" (fewer than k panelists, or the complement of one such group). */
  suppressed: Record<string, string[]>;
  rows: LongRow[];
}

/**
 * Responses in long format (one row per round × item version × panelist) for the shareable
 * exports: panelists under codes drawn afresh for this export, and an attribute value shown only
 * when at least k panelists in the file share it. Null in strict anonymity mode, where ratings
 * are never exported per person.
 */
export async function longFormatResponses(db: Db, study: StudyRow): Promise<LongFormat | null> {
  if (study.anonymity === 'strict') return null;
  const attributes = study.attributes.map((a) => a.name);
  const responses = await listStudyResponses(db, study.id);
  const panel = await listPanelists(db, study.id);
  const present = new Set(responses.map((r) => r.panelistId));
  const people = panel.filter((p) => present.has(p.id));
  const codes = exportPseudonyms(
    people.map((p) => p.id),
    panel.map((p) => p.code),
  );
  const suppressed: Record<string, string[]> = {};
  for (const name of attributes) {
    const sizes = new Map<string, number>();
    for (const p of people) {
      const v = p.attributes[name];
      if (v !== undefined) sizes.set(v, (sizes.get(v) ?? 0) + 1);
    }
    suppressed[name] = [...hiddenGroups(sizes, study.minGroupSize)].sort();
  }
  const shown = new Map(
    people.map((p) => [p.id, attributes.map((name) => (suppressed[name].includes(p.attributes[name]) ? SUPPRESSED : (p.attributes[name] ?? '')))]),
  );
  const rounds = new Map((await listRounds(db, study.id)).map((r) => [r.id, r.number]));
  const versions = new Map((await listItemsWithVersions(db, study.id)).map((r) => [r.version.id, { item: r.item.code, position: r.item.position, version: r.version.version }]));
  // Rows go by round, item, version, then pseudonym: never by enrolment or answer order. A numeric
  // key keeps the sort of several hundred thousand rows quick.
  const rank = new Map([...codes].sort((a, b) => byCode(a[1], b[1])).map(([id], i) => [id, i]));
  const positions = Math.max(0, ...[...versions.values()].map((v) => v.position)) + 1;
  const versionCount = Math.max(0, ...[...versions.values()].map((v) => v.version)) + 1;
  const rows = responses.map((r) => {
    const v = versions.get(r.itemVersionId)!;
    const round = rounds.get(r.roundId)!;
    return {
      key: ((round * positions + v.position) * versionCount + v.version) * people.length + rank.get(r.panelistId)!,
      row: { round, item: v.item, version: v.version, panelist: codes.get(r.panelistId)!, attributes: shown.get(r.panelistId)!, rating: r.value, cannotJudge: r.cannotJudge },
    };
  });
  rows.sort((a, b) => a.key - b.key);
  return { attributes, suppressed, rows: rows.map((r) => r.row) };
}
