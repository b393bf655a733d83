import { fixed, pValue, yesNo, DASH } from '../../format';
import type { ReportData } from '../../report-data';
import type { Block, Section } from '../blocks';
import { Lookups } from './lookups';
import { stabilityText } from './settings';

/** §10 item 7 (first half) and §7: stability of each item version between consecutive rounds. */
export function stabilitySection(data: ReportData): Section {
  const look = new Lookups(data);
  const rounds = look.closedRounds().filter((r) => r.results.some((x) => x.result.stability !== null));
  const rule = data.settings?.stabilityRule ?? null;
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        `Stability is computed between consecutive rounds for the same item version only (a reworded item starts afresh) and is reported beside ` +
        `consensus, not folded into it. Rule: ${stabilityText(rule)}. ` +
        'Change: Scheibe distribution change, the total-variation distance between the two rounds’ rating distributions in %. Pairs: panelists with a ' +
        'valid rating in both rounds; no answer is carried forward. ' +
        'Wilcoxon signed-rank and McNemar (agreement band, exact) are paired; kappa is on the three bands. A p ≥ 0.05 is not evidence of stability in ' +
        'a small panel.',
    },
  ];
  if (rounds.length === 0) {
    blocks.push({ kind: 'p', text: 'Not computed yet: stability needs two closed rounds presenting the same item version.' });
    return { id: 'stability', title: 'Stability between rounds', blocks };
  }
  for (const round of rounds) {
    const rows = round.results
      .filter((x) => x.result.stability !== null)
      .map((x) => {
        const st = x.result.stability!;
        return [
          look.label(x.versionId),
          `${st.previousRound} to ${round.number}`,
          `${st.nPrevious} / ${st.nCurrent}`,
          st.changePct === null ? DASH : `${st.changePct.toFixed(1)} %`,
          yesNo(x.result.stable),
          String(st.nPairs),
          String(st.nChanged),
          pValue(st.wilcoxon.p),
          pValue(st.mcnemar.pExact),
          fixed(st.kappa.kappa, 2),
          fixed(st.deltaCv, 3),
        ];
      });
    const fresh = round.results.filter((x) => x.result.stability === null).map((x) => look.label(x.versionId));
    blocks.push({
      kind: 'table',
      caption: `Round ${round.number} against round ${round.number - 1}`,
      head: ['Item', 'Rounds', 'Valid (before / after)', 'Change', 'Stable', 'Pairs', 'Changed rating', 'Wilcoxon p', 'McNemar p', 'Kappa', 'Change in CV'],
      numeric: [3, 5, 6, 7, 8, 9, 10],
      rows,
    });
    if (fresh.length > 0) blocks.push({ kind: 'p', note: true, text: `Not compared (new or reworded in round ${round.number}): ${fresh.join(', ')}.` });
  }
  return { id: 'stability', title: 'Stability between rounds', blocks };
}
