import type { Db } from '../../../db/client';
import type { AnyBlockResult } from '../../contract/blocks';
import { listBlockAnswersOfRound, listBlockResults, listBlocks } from '../../repositories/blocks';
import type { PanelistRow } from '../../repositories/panelists';
import type { RoundRow } from '../../repositories/rounds';
import type { StudyRow } from '../../repositories/studies';
import type { StudyExport } from '../../schemas/study-export';
import { blockMembers, shownBlockResult } from '../../services/block-results';
import { byCode } from '../pseudonyms';

type ExportBlock = NonNullable<StudyExport['rounds'][number]['blocks']>[number];
type ExportBlockAnswer = NonNullable<StudyExport['blockAnswers']>[number];

/**
 * The question blocks of every round for the study file (since 1.3.0): settings, the frozen result
 * as the study team sees it (groups below k hidden), and outside strict anonymity every answer
 * under the export's pseudonyms.
 */
export async function exportBlocks(db: Db, study: StudyRow, rounds: readonly RoundRow[], panel: readonly PanelistRow[], codes: ReadonlyMap<number, string>) {
  const byRound = new Map<number, ExportBlock[]>();
  const answers: ExportBlockAnswer[] = [];
  for (const round of rounds) {
    const blocks = await listBlocks(db, round.id);
    if (blocks.length === 0) continue;
    const rows = await listBlockAnswersOfRound(db, round.id);
    const members = blockMembers(rows, panel);
    const results =
      round.status === 'closed'
        ? await listBlockResults(
            db,
            blocks.map((b) => b.id),
          )
        : new Map<number, unknown>();
    const position = new Map(blocks.map((b) => [b.id, b.position]));
    byRound.set(
      round.id,
      blocks.map((b) => {
        const result = results.get(b.id) as AnyBlockResult | undefined;
        return {
          position: b.position,
          kind: b.kind,
          config: b.config as Record<string, unknown>,
          instructions: b.instructions,
          result: result === undefined ? null : (shownBlockResult(study, b, result, members.get(b.id) ?? [], 'team') as unknown as ExportBlock['result']),
        };
      }),
    );
    for (const r of rows) {
      const panelist = codes.get(r.panelistId);
      if (panelist === undefined) continue;
      answers.push({ round: round.number, block: position.get(r.blockId)!, panelist, subject: r.subject, value: r.value, cannotJudge: r.cannotJudge });
    }
  }
  answers.sort((a, b) => a.round - b.round || a.block - b.block || byCode(a.panelist, b.panelist) || byCode(a.subject, b.subject));
  return { byRound, answers: study.anonymity === 'strict' ? null : answers };
}
