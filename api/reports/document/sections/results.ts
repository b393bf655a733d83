import type { Band, ItemRoundResult } from '../../../stats';
import { outcomeWords, quantileMethodWords } from '../../../contract/words';
import { fixed, pctKn, q2, DASH } from '../../format';
import type { ReportData } from '../../report-data';
import type { Block, Cell, Section } from '../blocks';
import { decidedByText, Lookups, sensitivityText } from './lookups';

/**
 * §10 item 6: per item and round the full distribution, n valid / cannot judge / skipped, median,
 * Q1, Q3, IQR, agreement with k/n, RAND/UCLA disagreement index on 1-9 scales, the outcome, the
 * rule that decided it, and the quantile-method sensitivity flag.
 */
export function resultsSection(data: ReportData): Section {
  const look = new Lookups(data);
  const rounds = look.closedRounds();
  const blocks: Block[] = [];
  if (rounds.length === 0) {
    blocks.push({ kind: 'p', text: 'No rating round has closed yet.' });
    return { id: 'results', title: 'Results per item and round', blocks };
  }
  const s = data.settings!;
  const rand = s.scale.min === 1 && s.scale.max === 9;
  blocks.push({
    kind: 'p',
    text:
      `Distribution: valid ratings per scale point as bars (agreement band ${s.bands.agree[0]}-${s.bands.agree[1]} dark blue, disagreement band ` +
      `${s.bands.disagree[0]}-${s.bands.disagree[1]} orange, the median marked beneath); Counts: the same numbers for points ${s.scale.min} to ` +
      `${s.scale.max}. ` +
      `CJ: "cannot judge". Skipped: presented, not answered. Quantiles by ${quantileMethodWords(s.quantileMethod)}, 2 decimals. Agreement and disagreement: share of valid ` +
      `ratings in the agreement band (${s.bands.agree[0]}-${s.bands.agree[1]}) and the disagreement band ` +
      `(${s.bands.disagree[0]}-${s.bands.disagree[1]}), with k/n. ` +
      (rand ? 'DI: RAND/UCLA disagreement index IPR/IPRAS (disagreement when above 1). ' : '') +
      `Decided by: the numbered rule of the protocol that fired, the default, or the minimum-data guard. Sensitivity: whether the outcome would ` +
      `differ under the other quantile method (${quantileMethodWords(s.quantileMethod === 'hf7' ? 'hf6' : 'hf7')}).`,
  });
  blocks.push({ kind: 'list', title: 'Rules', items: s.rules.map((r, i) => `Rule ${i + 1} gives ${outcomeWords(r.outcome)} when ${r.when}`) });
  for (const round of rounds) {
    const head = [
      'Item',
      'Distribution',
      `Counts ${s.scale.min}-${s.scale.max}`,
      'Valid',
      'CJ',
      'Skipped',
      'Median',
      'Q1',
      'Q3',
      'IQR',
      'Agreement',
      'Disagreement',
      ...(rand ? ['DI'] : []),
      'Outcome',
      'Decided by',
      'Sensitivity',
    ];
    blocks.push({
      kind: 'table',
      caption: `Round ${round.number} (closed ${round.closedAt?.slice(0, 10) ?? ''}): ${round.results.length} items`,
      head,
      numeric: [3, 4, 5, 6, 7, 8, 9, 10, 11, ...(rand ? [12] : [])],
      rows: round.results.map((r) => resultRow(look.label(r.versionId), r.result, s.bands.agree, s.bands.disagree, s.scale.min, rand)),
    });
  }
  return { id: 'results', title: 'Results per item and round', blocks, landscape: true };
}

function resultRow(label: string, r: ItemRoundResult, agree: Band, disagree: Band, min: number, rand: boolean): Cell[] {
  const st = r.stats;
  const counts = st.freq.map((f) => f.count);
  return [
    label,
    { text: '', chart: { type: 'distribution', min, counts, agree, disagree, median: st.median } },
    counts.join(' '),
    String(st.nValid),
    String(st.nNoOpinion),
    st.nSkipped === null ? DASH : String(st.nSkipped),
    q2(st.median),
    q2(st.q1),
    q2(st.q3),
    q2(st.iqr),
    pctKn(st.agree),
    pctKn(st.disagree),
    ...(rand ? [fixed(r.rand?.di, 2)] : []),
    { text: outcomeWords(r.outcome), strong: r.decidedBy === 'rule' },
    decidedByText(r),
    sensitivityText(r),
  ];
}
