/** The relations blocks of the closed rounds (consensus-methods.md §17) as the report and the spreadsheets show them. */
import type { Db } from '../../db/client';
import type { RelationsConfig } from '../contract/blocks';
import { listBlocks } from '../repositories/blocks';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { roundBlockResults } from '../services/block-results';
import type { RelationsBlockReport } from './document/sections/relations';

/**
 * Each relations block of each closed round, in round and block order, with its frozen result as
 * the study team may see it (groups below k hidden) and its element labels in `language`.
 */
export async function gatherRelations(db: Db, study: StudyRow, rounds: readonly RoundRow[], language: string): Promise<RelationsBlockReport[]> {
  const pick = (texts: Record<string, string>) => texts[language] ?? texts[study.languages[0]] ?? Object.values(texts)[0] ?? '';
  const out: RelationsBlockReport[] = [];
  for (const round of rounds) {
    if (round.status !== 'closed') continue;
    const blocks = (await listBlocks(db, round.id)).filter((b) => b.kind === 'relations');
    if (blocks.length === 0) continue;
    const results = new Map((await roundBlockResults(db, study, round)).map((r) => [r.id, r.result]));
    for (const block of blocks) {
      const result = results.get(block.id);
      if (!result || result.kind !== 'relations') continue;
      const config = block.config as RelationsConfig;
      const instructions = pick(block.instructions);
      out.push({
        round: round.number,
        position: block.position + 1,
        title: `Round ${round.number}, block ${block.position + 1}${instructions === '' ? '' : `: ${instructions}`}`,
        elements: config.elements.map((e) => ({ code: e.code, label: pick(e.label) || e.code })),
        result,
        threshold: null,
      });
    }
  }
  return out;
}
