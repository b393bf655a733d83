import type { Db } from '../../../db/client';
import type { AnyBlockResult } from '../../contract/blocks';
import { listBlockAnswersOfRounds, listBlockResults, listBlocksOfRounds } from '../../repositories/blocks';
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
  // A fixed number of queries however many rounds: the whole study's blocks, answers and results at once.
  const ids = rounds.map((r) => r.id);
  const [all, rows] = await Promise.all([listBlocksOfRounds(db, ids), listBlockAnswersOfRounds(db, ids)]);
  const closed = new Set(rounds.filter((r) => r.status === 'closed').map((r) => r.id));
  const results = await listBlockResults(
    db,
    all.filter((b) => closed.has(b.roundId)).map((b) => b.id),
  );
  const members = blockMembers(rows, panel);
  const number = new Map(rounds.map((r) => [r.id, r.number]));
  const position = new Map(all.map((b) => [b.id, b.position]));
  for (const b of all) {
    const result = results.get(b.id) as AnyBlockResult | undefined;
    let list = byRound.get(b.roundId);
    if (!list) byRound.set(b.roundId, (list = []));
    list.push({
      position: b.position,
      kind: b.kind,
      config: b.config as Record<string, unknown>,
      instructions: b.instructions,
      result: result === undefined ? null : (shownBlockResult(study, b, result, members.get(b.id) ?? [], 'team') as unknown as ExportBlock['result']),
    });
  }
  for (const r of rows) {
    const panelist = codes.get(r.panelistId);
    if (panelist === undefined || !position.has(r.blockId)) continue;
    answers.push({ round: number.get(r.roundId)!, block: position.get(r.blockId)!, panelist, subject: r.subject, value: r.value, cannotJudge: r.cannotJudge });
  }
  answers.sort((a, b) => a.round - b.round || a.block - b.block || byCode(a.panelist, b.panelist) || byCode(a.subject, b.subject));
  return { byRound, answers: study.anonymity === 'strict' ? null : answers };
}
