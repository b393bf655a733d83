import { pctKn, q2 } from '../../format';
import { decisionWords, outcomeWords, withOutcomeWords } from '../../../contract/words';
import type { ReportData, ReportResult, ReportRound } from '../../report-data';
import type { Block, Section } from '../blocks';
import { decidedByText, Lookups, reachedConsensus } from './lookups';

/**
 * §10 item 9: items whose latest closed round ended without a rule firing (the default outcome,
 * the minimum-data guard, or an undetermined rule), listed with their final statistics.
 * CREDES and ACCORD treat non-consensus as a result.
 */
export function nonConsensusSection(data: ReportData): Section {
  const look = new Lookups(data);
  const closed = look.closedRounds();
  const blocks: Block[] = [];
  if (closed.length === 0) {
    blocks.push({ kind: 'p', text: 'No rating round has closed yet.' });
    return { id: 'non-consensus', title: 'Items without consensus', blocks };
  }
  const latest = new Map<number, { round: ReportRound; result: ReportResult }>();
  for (const round of closed) for (const r of round.results) latest.set(r.itemId, { round, result: r });
  const missing = [...latest.values()].filter(({ result }) => !reachedConsensus(result.result));
  blocks.push({
    kind: 'p',
    text:
      `${missing.length} of ${latest.size} rated items ended their latest closed round without a consensus rule firing. ` +
      'Each is listed with the statistics of that round and what happened next.',
  });
  if (missing.length > 0) {
    blocks.push({
      kind: 'table',
      head: ['Item', 'Statement', 'Final round', 'Outcome', 'Why', 'Valid', 'Median', 'Q1', 'Q3', 'IQR', 'Agreement', 'Then'],
      numeric: [5, 6, 7, 8, 9, 10],
      widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
      rows: missing.map(({ round, result }) => {
        const st = result.result.stats;
        return [
          look.label(result.versionId),
          look.text(result.versionId),
          String(round.number),
          outcomeWords(result.outcome),
          decidedByText(result.result),
          String(st.nValid),
          q2(st.median),
          q2(st.q1),
          q2(st.q3),
          q2(st.iqr),
          pctKn(st.agree),
          afterwards(data, round.number, result.itemId),
        ];
      }),
    });
  }
  return { id: 'non-consensus', title: 'Items without consensus', blocks, landscape: true };
}

function afterwards(data: ReportData, round: number, itemId: number): string {
  const d = data.decisions.find((x) => x.round === round + 1 && x.itemId === itemId);
  if (!d) {
    if (data.rounds.some((r) => r.number === round + 1)) return 'not in the next round';
    if (data.upToRound === round) return `after round ${round}: outside this report`;
    return data.study.status === 'closed' ? 'study closed: final' : 'no later round yet';
  }
  const next = data.rounds.find((r) => r.number === round + 1);
  const state = next && next.status !== 'closed' ? ` (round ${next.number} is ${next.status})` : '';
  switch (d.action) {
    case 'carry':
      return `carried into round ${d.round}${state}`;
    case 'reword':
      return `reworded for round ${d.round}${state}`;
    case 'drop':
      return `dropped: ${withOutcomeWords(d.reason ?? 'no reason recorded')}`;
    case 'retire':
      return `retired${d.reason ? ` (${withOutcomeWords(d.reason)})` : ''}`;
    default:
      return decisionWords(d.action);
  }
}
