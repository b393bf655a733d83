/** The relations blocks of the closed rounds (consensus-methods.md §17) as the report and the spreadsheets show them. */
import type { RelationsConfig } from '../contract/blocks';
import type { StudyRow } from '../repositories/studies';
import type { closedRoundsBlockResults } from '../services/block-results';
import type { RelationsBlockReport } from './document/sections/relations';

/**
 * Each relations block of each closed round, in round and block order, with its frozen result as
 * the study team may see it (groups below k hidden) and its element labels in `language`.
 */
export function gatherRelations(study: StudyRow, blocks: Awaited<ReturnType<typeof closedRoundsBlockResults>>, language: string): RelationsBlockReport[] {
  const pick = (texts: Record<string, string>) => texts[language] ?? texts[study.languages[0]] ?? Object.values(texts)[0] ?? '';
  const out: RelationsBlockReport[] = [];
  for (const { block, round, result } of blocks) {
    if (block.kind !== 'relations' || !result || result.kind !== 'relations') continue;
    const config = block.config as RelationsConfig;
    const instructions = pick(block.instructions);
    out.push({
      round: round.number,
      position: block.position + 1,
      title: `Round ${round.number}, block ${block.position + 1}${instructions === '' ? '' : `: ${instructions}`}`,
      elements: config.elements.map((e) => ({ code: e.code, label: pick(e.label) || e.code })),
      result,
      threshold: block.threshold,
    });
  }
  return out;
}
