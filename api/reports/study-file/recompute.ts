import type { Db } from '../../../db/client';
import { listRoundResults, listRounds } from '../../repositories/rounds';
import type { StudyRow } from '../../repositories/studies';
import { analyse } from '../../services/round-analysis';

/** What JSON.parse gives: the stored and recomputed values compared below are plain JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Difference {
  round: number;
  /** Item version id, or "analysis" for the round-level output. */
  where: string;
  path: string;
  stored: JsonValue;
  recomputed: JsonValue;
}

export interface RecomputeCheck {
  roundsChecked: number;
  itemsChecked: number;
  /** True when every stored result equals the engine's result on the stored answers. */
  identical: boolean;
  /** The first differences found (at most 20). */
  differences: Difference[];
}

/**
 * Runs the engine again on every closed rating round's stored answers and compares the output
 * with the frozen results, field by field (key order ignored, as JSON). After an import this is
 * the proof that the answers, panel and protocol arrived intact. Attributes a study file withheld
 * (people.ts) are not compared: the file hid their groups, and the imported panel does not hold them.
 */
export async function recomputeStudy(db: Db, study: StudyRow, withheld: readonly string[] = []): Promise<RecomputeCheck> {
  // A withheld attribute's groups sit in the item (groups, asymmetry), in each criterion's result
  // (criteria.N.groups, criteria.N.asymmetry) and in the round's p-value families.
  const segment = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const skipped = withheld.map(
    (d) => new RegExp(`^(criteria\\.\\d+\\.)?(groups|asymmetry)\\.${segment(d)}(\\.|$)|^(families|criterionFamilies\\.[^.]+)\\.${segment(d)}(\\.|$)`),
  );
  const kept = (path: string) => !skipped.some((p) => p.test(path));
  const differences: Difference[] = [];
  let roundsChecked = 0;
  let itemsChecked = 0;
  for (const round of await listRounds(db, study.id)) {
    if (round.kind !== 'rating' || round.status !== 'closed') continue;
    roundsChecked++;
    const { analysis } = await analyse(db, study, round);
    const { items, ...meta } = plain(analysis) as typeof analysis;
    const stored = new Map((await listRoundResults(db, round.id)).map((r) => [String(r.itemVersionId), r.result]));
    if ([...stored.values()].some((r) => (r.criteria?.length ?? 0) > 1 && r.criteria![0].groups === undefined)) {
      // Frozen before groups were compared per criterion: the engine's first-criterion output is what they hold.
      for (const item of items)
        for (const c of item.criteria ?? []) {
          delete c.groups;
          delete c.asymmetry;
        }
      delete meta.criterionFamilies;
      meta.headlines = meta.headlines.filter((h) => h.criterion === undefined);
    }
    compare(round.analysis, meta, '', (path, a, b) => {
      if (kept(path)) differences.push({ round: round.number, where: 'analysis', path, stored: a, recomputed: b });
    });
    for (const item of items) {
      itemsChecked++;
      compare(stored.get(item.versionId) ?? null, item, '', (path, a, b) => {
        if (kept(path)) differences.push({ round: round.number, where: `item version ${item.versionId}`, path, stored: a, recomputed: b });
      });
      stored.delete(item.versionId);
    }
    for (const [versionId, result] of stored)
      differences.push({ round: round.number, where: `item version ${versionId}`, path: '', stored: result, recomputed: null });
  }
  return { roundsChecked, itemsChecked, identical: differences.length === 0, differences: differences.slice(0, 20) };
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

function compare(a: unknown, b: unknown, path: string, report: (path: string, a: JsonValue, b: JsonValue) => void): void {
  if (Object.is(a, b)) return;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    // A key present on one side only is reported as null there: the reply is JSON, which has no undefined.
    report(path, (a ?? null) as JsonValue, (b ?? null) as JsonValue);
    return;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) compare((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key, report);
}
