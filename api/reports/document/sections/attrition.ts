import type { Attrition } from '../../../contract/statistics';
import { fixed, listing, pValue, q2, DASH } from '../../format';
import type { ReportData, ReportRound } from '../../report-data';
import type { Block, Cell, Section } from '../blocks';
import { Lookups } from './lookups';

/** Holm-adjusted p below which stayers and leavers are said to differ (consensus-methods.md §18). */
const ALPHA = 0.05;

/**
 * Attrition bias (consensus-methods.md §18) of every closed round that has a following round: per
 * item (and criterion) the round's ratings of those who answered the next round against those who
 * did not. An item whose stayers or leavers number fewer than k is withheld, and left out of the
 * counts too: the leavers are known by name to the study team, so their median or ranks would
 * give their ratings away. Null when no round has a following round yet.
 */
export function attritionSection(data: ReportData): Section | null {
  const look = new Lookups(data);
  const closed = look.closedRounds();
  const withNext = closed.filter((r) => data.rounds.some((x) => x.number === r.number + 1 && x.kind === 'rating'));
  if (withNext.length === 0) return null;
  const k = data.study.minGroupSize;
  const criterionLabel = new Map(data.study.criteria.map((c) => [c.code, c.label]));
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        'Panelists who leave a study may see the items differently from those who stay, and later rounds then drift towards the stayers’ views ' +
        '(Sinha, Smyth & Williamson 2011; COMET Handbook 2017). For each round that has a following round, the ratings an item received in it are ' +
        'split into stayers (panelists who answered anything in the following round) and leavers (those who answered nothing in it, including ' +
        'panelists withdrawn by the study team). The two are compared with the Mann-Whitney test, stayers as group 1: U is the stayers’ U, p comes ' +
        'from the tie-corrected normal approximation with continuity correction (p = 1 when every rating is equal), and is Holm-adjusted across the ' +
        `items of the round${data.study.criteria.length > 0 ? ' and criterion' : ''}. ` +
        'r (rank-biserial) is positive when the stayers rated higher. An item differs when its Holm-adjusted p is below 0.05: a change in the ' +
        'following round may then come from who left rather than from panelists changing their minds. A larger p is not proof that the groups ' +
        `agree, least of all with few leavers. Items with fewer than ${k} stayers or leavers (k) are withheld.`,
    },
  ];
  for (const round of withNext) {
    const next = closed.find((r) => r.number === round.number + 1);
    const summary = next?.meta?.attrition;
    if (!summary || summary.fromRound !== round.number) {
      blocks.push({ kind: 'p', text: `Round ${round.number}: computed when round ${round.number + 1} closes.` });
      continue;
    }
    const versionOf = new Map(round.results.map((r) => [String(r.itemId), r.versionId]));
    const label = (itemId: string) => {
      const v = versionOf.get(itemId);
      return v === undefined ? (look.items.get(Number(itemId))?.code ?? itemId) : look.label(v);
    };
    for (const c of summary.criteria) {
      const about = c.criterion === null ? '' : `, “${criterionLabel.get(c.criterion) ?? c.criterion}”`;
      const shown = c.items.filter((x): x is { itemId: string; attrition: Attrition } => x.attrition !== null && attritionVisible(x.attrition, k));
      const differing = shown.filter((x) => x.attrition.pHolm < ALPHA).map((x) => label(x.itemId));
      const withheld = c.items.filter((x) => x.attrition !== null && !attritionVisible(x.attrition, k)).length;
      blocks.push({ kind: 'p', text: verdict(round, about, differing, shown.length, withheld) });
      blocks.push({
        kind: 'table',
        caption: `Round ${round.number}${about}: stayers against leavers (round ${round.number + 1})`,
        head: ['Item', 'Stayed', 'Left', 'Median stayed', 'Median left', 'U', 'p', 'Holm p', 'r'],
        numeric: [1, 2, 3, 4, 5, 6, 7, 8],
        rows: c.items.map((x): Cell[] => [label(x.itemId), ...cells(x.attrition, k)]),
      });
    }
  }
  return { id: 'attrition', title: 'Attrition bias', blocks };
}

/** Both groups hold at least k panelists; otherwise the item's comparison is withheld wherever it is published. */
export function attritionVisible(a: Attrition, k: number): boolean {
  return a.nStayed >= k && a.nLeft >= k;
}

function cells(a: Attrition | null, k: number): Cell[] {
  if (a === null) return ['No leavers or no stayers', DASH, DASH, DASH, DASH, DASH, DASH, DASH];
  if (!attritionVisible(a, k)) return ['Withheld (fewer than k)', DASH, DASH, DASH, DASH, DASH, DASH, DASH];
  return [String(a.nStayed), String(a.nLeft), q2(a.medianStayed), q2(a.medianLeft), fixed(a.u, 1), pValue(a.p), pValue(a.pHolm), fixed(a.rankBiserial, 2)];
}

function verdict(round: ReportRound, about: string, differing: string[], tested: number, withheld: number): string {
  const base = `Round ${round.number}${about}: ${differing.length} of ${tested} items differ between stayers and leavers (Holm p < 0.05)`;
  const hidden = withheld > 0 ? ` ${withheld} more ${withheld === 1 ? 'item is' : 'items are'} withheld (fewer than k stayers or leavers).` : '';
  if (differing.length === 0) {
    return (
      `${base}. There is no sign that those who left rated the items differently from those who stayed, ` +
      `nor that the changes in round ${round.number + 1} come from who left.${hidden}`
    );
  }
  return (
    `${base}: ${listing(differing)}. For ${differing.length === 1 ? 'this item' : 'these items'}, those who left rated differently from those who ` +
    `stayed, so a change in round ${round.number + 1} may come from who left rather than from a change of opinion.${hidden}`
  );
}
