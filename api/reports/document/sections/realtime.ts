import { DASH, fixed, pValue, when } from '../../format';
import type { ReportData, ReportRound } from '../../report-data';
import type { Block, Section } from '../blocks';
import { Lookups } from './lookups';

/**
 * Real-time rounds (issue 20): the mode, the batch size, the snapshots released per item, the
 * feedback effect (who revised after seeing the panel's figures, and by how much) and the
 * stability between each panelist's first and final answer (consensus-methods.md §7).
 */
export function realtimeSection(data: ReportData): Section | null {
  const rounds = data.rounds.filter((r): r is ReportRound & { realtime: NonNullable<ReportRound['realtime']> } => r.realtime !== null);
  if (rounds.length === 0) return null;
  const look = new Lookups(data);
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        'A real-time round (Gordon & Pease 2006) is one round open from its start to its end time. A panelist sees the panel’s distribution, median and ' +
        'interquartile range of an item only after answering it, and may revise until the end. The figures are snapshots: a new one is released only when ' +
        'at least k panelists’ answers differ from those the previous one rests on (new answers, revisions and withdrawals count), so no two snapshots a ' +
        'panelist can compare differ by a single answer. Subgroup figures and comments are held until the end. The final results come from the same ' +
        'engine and protocol as a classic round, at the end time. Each snapshot a panelist was shown is recorded with the answer they held then.',
    },
  ];
  const criteria = data.study.criteria;
  if (criteria.length > 0) {
    blocks.push({
      kind: 'p',
      text:
        'Each criterion is released on its own: a criterion’s snapshot advances only when at least k panelists’ answers on that criterion differ, ' +
        'however many changed on another, and a panelist sees a criterion’s figures only after answering it. The table has one row per item and criterion.',
    });
  }
  const criterionLabel = new Map(criteria.map((c) => [c.code, c.label]));
  for (const round of rounds) {
    const { batchSize, items } = round.realtime;
    blocks.push({ kind: 'h', text: `Round ${round.number} (real time)` });
    blocks.push({
      kind: 'kv',
      rows: [
        ['Mode', 'real-time: feedback released in batches while the round is open'],
        ['Open', `${when(round.openedAt)} to ${round.status === 'closed' ? when(round.closedAt) : `${when(round.closesAt)} (planned)`}`],
        ['Batch size (k)', String(batchSize)],
        ['Snapshots released', String(items.reduce((n, i) => n + i.snapshots, 0))],
      ],
    });
    blocks.push({
      kind: 'table',
      caption: `Round ${round.number}: snapshots, feedback effect and first-to-final stability per item${criteria.length > 0 ? ' and criterion' : ''}`,
      head: [
        'Item',
        ...(criteria.length > 0 ? ['Criterion'] : []),
        'Snapshots',
        'Shown feedback',
        'Revised after',
        'Mean change',
        'Mean |change|',
        'First→final change',
        'Pairs',
        'Wilcoxon p',
      ],
      numeric: criteria.length > 0 ? [2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 3, 4, 5, 6, 7, 8],
      rows: items.map((i) => [
        look.label(i.versionId),
        ...(i.criterion === null ? [] : [criterionLabel.get(i.criterion) ?? i.criterion]),
        String(i.snapshots),
        String(i.effect.shown),
        String(i.effect.revised),
        fixed(i.effect.meanChange, 2),
        fixed(i.effect.meanAbsChange, 2),
        i.stability.changePct === null ? DASH : `${i.stability.changePct.toFixed(1)} %`,
        String(i.stability.nPairs),
        pValue(i.stability.wilcoxon.p),
      ]),
    });
    blocks.push({
      kind: 'p',
      note: true,
      text:
        'Revised after: panelists whose final answer differs from the one they held when first shown a snapshot. Mean change: final minus that answer, over ' +
        'revisions between two ratings. First→final change: Scheibe distribution change (§7) between the panel’s first answers (held when first shown ' +
        'feedback, or the final one for panelists never shown any) and its final answers.',
    });
  }
  return { id: 'realtime', title: 'Real-time feedback', blocks };
}
