import type { ReportData } from '../../report-data';
import type { Block, Section } from '../blocks';

const num = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));
const BANDS: Record<string, string> = {
  none: 'no agreement',
  very_weak: 'very weak agreement',
  weak: 'weak agreement',
  moderate: 'moderate agreement',
  strong: 'strong agreement',
  unusually_strong: 'unusually strong agreement',
};

/**
 * §16: each ranking of a closed round: the panel's order with mean and median ranks and the top-k
 * share, Kendall's W with its test and Schmidt's reading, who left items unranked (§6.1), the
 * groups' orders with their W and pairwise ρ, and the change since the previous ranking round.
 * Null when the study asked no ranking.
 */
export function rankingsSection(data: ReportData): Section | null {
  if (data.rankings.length === 0) return null;
  const text = new Map(data.items.map((i) => [i.code, i.versions.at(-1)?.text ?? '']));
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        "Panelists put items in order. Agreement is Kendall's W with the tie correction (consensus-methods.md §6.2), read on Schmidt's (1997) anchors; " +
        'items a panelist left unranked share the unused positions (§6.1). Groups with fewer than k panelists are not shown.',
    },
  ];
  for (const { round, result: r } of data.rankings) {
    blocks.push({ kind: 'h', text: `Round ${round}: ranking of ${r.n} items${r.topK < r.n ? `, top ${r.topK} counted` : ''}` });
    const w = r.overall;
    blocks.push({
      kind: 'p',
      text:
        w.w === null
          ? `Too few rankings for W (${w.m} panelists).`
          : `W = ${num(w.w, 3)} (${BANDS[w.band ?? 'none']}), χ² = ${num(w.chi2)}, df = ${w.df}, p = ${num(w.p, 4)}` +
            `${w.permutationP === null ? '' : `, permutation p = ${num(w.permutationP, 4)}`}; ${w.m} panelists ranked, ` +
            `${r.mPartial} left some items unranked, ${r.mExcluded} ranked nothing.`,
    });
    if (r.previous) {
      blocks.push({
        kind: 'p',
        text: `Since round ${r.previous.round}: ρ of the mean ranks = ${num(r.previous.rho)}, change in W = ${num(r.previous.wChange, 3)}.`,
      });
    }
    if (r.schmidtStop !== null) {
      blocks.push({ kind: 'p', text: r.schmidtStop ? 'The Schmidt stop holds: the ranking can end.' : 'The Schmidt stop does not hold yet.' });
    }
    const order = [...r.ranked].sort((a, b) => (a.meanRank ?? Infinity) - (b.meanRank ?? Infinity) || a.item.localeCompare(b.item));
    blocks.push({
      kind: 'table',
      head: ['#', 'Item', 'Mean rank', 'Median rank', `In top ${r.topK}`],
      rows: order.map((x, i) => [
        String(i + 1),
        `${x.item}: ${text.get(x.item) ?? ''}`,
        num(x.meanRank),
        num(x.medianRank, 1),
        x.topKPct === null ? '–' : `${Math.round(x.topKPct)}%`,
      ]),
    });
    for (const [attribute, groups] of Object.entries(r.groups)) {
      const rows = Object.entries(groups).map(([name, g]) => {
        if (g.suppressed || g.meanRanks === null) return [name, 'hidden (fewer than k)', '', ''];
        const means = g.meanRanks;
        const groupOrder = r.items.map((item, i) => ({ item, mean: means[i] })).sort((a, b) => a.mean - b.mean || a.item.localeCompare(b.item));
        return [name, String(g.m), num(g.w, 3), groupOrder.map((x) => x.item).join(' > ')];
      });
      blocks.push({ kind: 'table', head: [attribute, 'Panelists', 'W', 'Order (mean rank)'], rows });
      const pairs = r.groupPairs.filter((p) => p.attribute === attribute);
      if (pairs.length > 0) {
        blocks.push({
          kind: 'list',
          items: pairs.map((p) => `${p.a} and ${p.b}: ρ = ${num(p.rho)}${p.differs ? ' (the groups rank differently)' : ''}`),
        });
      }
    }
  }
  return { id: 'rankings', title: 'Rankings', blocks };
}
