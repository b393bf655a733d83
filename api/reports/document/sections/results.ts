import type { Descriptives, RandBlock } from '../../../contract/statistics';
import type { Band, ItemRoundResult } from '../../../stats';
import { outcomeWords, quantileMethodWords } from '../../../contract/words';
import { fixed, pctKn, q2, DASH } from '../../format';
import type { ReportCriterion, ReportData } from '../../report-data';
import type { Block, Cell, Section, TableBlock } from '../blocks';
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
      `CJ: "cannot judge". Skipped: presented, not answered. Quantiles by ${quantileMethodWords(s.quantileMethod)}, 2 decimals. ` +
      'Agreement and disagreement: share of valid ' +
      `ratings in the agreement band (${s.bands.agree[0]}-${s.bands.agree[1]}) and the disagreement band ` +
      `(${s.bands.disagree[0]}-${s.bands.disagree[1]}), with k/n. ` +
      (rand ? 'DI: RAND/UCLA disagreement index IPR/IPRAS (disagreement when above 1). ' : '') +
      `Decided by: the numbered rule of the protocol that fired, the default, or the minimum-data guard. Sensitivity: whether the outcome would ` +
      `differ under the other quantile method (${quantileMethodWords(s.quantileMethod === 'hf7' ? 'hf6' : 'hf7')}).`,
  });
  blocks.push({ kind: 'list', title: 'Rules', items: s.rules.map((r, i) => `Rule ${i + 1} gives ${outcomeWords(r.outcome)} when ${r.when}`) });
  const criteria = data.study.criteria;
  if (criteria.length > 0) {
    blocks.push({ kind: 'list', title: 'Criteria', items: criteria.map((c) => criterionLine(c)) });
    blocks.push({
      kind: 'p',
      text:
        'Each item was rated on every criterion: one table per round and criterion, each on its own scale and agreement band, then the round’s ' +
        'verdicts, which the rules reach by reading the criteria together.',
    });
  }
  for (const round of rounds) {
    const caption = `Round ${round.number} (closed ${round.closedAt?.slice(0, 10) ?? ''}): ${round.results.length} items`;
    if (criteria.length === 0) {
      blocks.push(
        resultTable(
          caption,
          round.results.map((r) => [look.label(r.versionId), r.result.stats, r.result.rand, r.result] as const),
          s.scale,
          s.bands,
          rand,
        ),
      );
      continue;
    }
    for (const c of criteria) {
      const bands = s.criteria?.find((x) => x.code === c.code)?.bands ?? s.bands;
      const rows = round.results.flatMap((r) => {
        const cr = r.result.criteria?.find((x) => x.criterion === c.code);
        return cr ? [[look.label(r.versionId), cr.stats, cr.rand, null] as const] : [];
      });
      blocks.push(resultTable(`${caption}, rated on “${c.label}”`, rows, c.scale, bands, c.scale.min === 1 && c.scale.max === 9));
    }
    blocks.push({
      kind: 'table',
      caption: `Round ${round.number}: verdicts`,
      head: ['Item', 'Outcome', 'Decided by', 'Sensitivity'],
      rows: round.results.map((r) => [look.label(r.versionId), ...verdictCells(r.result)]),
    });
  }
  return { id: 'results', title: 'Results per item and round', blocks, landscape: true };
}

/** An item's figures; with the item's result, the row also carries its verdict (a study rated on one criterion). */
type StatsRow = readonly [label: string, stats: Descriptives, rand: RandBlock | null, verdict: ItemRoundResult | null];

/** One round's (or one criterion's) statistics table. */
function resultTable(
  caption: string,
  rows: readonly StatsRow[],
  scale: { min: number; max: number },
  bands: { agree: Band; disagree: Band },
  rand: boolean,
): TableBlock {
  const verdicts = rows.some((r) => r[3] !== null);
  const head = [
    'Item',
    'Distribution',
    `Counts ${scale.min}-${scale.max}`,
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
    ...(verdicts ? ['Outcome', 'Decided by', 'Sensitivity'] : []),
  ];
  return {
    kind: 'table',
    caption,
    head,
    numeric: [3, 4, 5, 6, 7, 8, 9, 10, 11, ...(rand ? [12] : [])],
    rows: rows.map(([label, st, r, verdict]) => [...statsCells(label, st, r, bands, scale.min, rand), ...(verdict ? verdictCells(verdict) : [])]),
  };
}

function statsCells(label: string, st: Descriptives, r: RandBlock | null, bands: { agree: Band; disagree: Band }, min: number, rand: boolean): Cell[] {
  const counts = st.freq.map((f) => f.count);
  return [
    label,
    { text: '', chart: { type: 'distribution', min, counts, agree: bands.agree, disagree: bands.disagree, median: st.median } },
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
    ...(rand ? [fixed(r?.di, 2)] : []),
  ];
}

function verdictCells(r: ItemRoundResult): Cell[] {
  return [{ text: outcomeWords(r.outcome), strong: r.decidedBy === 'rule' }, decidedByText(r), sensitivityText(r)];
}

/** "This asymmetry resonates with my experience: 1-9, agreement 7-9, relevance criterion (content validity)". */
export function criterionLine(c: ReportCriterion): string {
  const relevance = c.relevance ? ', relevance criterion (content validity)' : '';
  return `${c.label}: scale ${c.scale.min}-${c.scale.max}, agreement band ${c.agree[0]}-${c.agree[1]}${relevance}`;
}
