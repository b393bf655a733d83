import type { ParticipationFigures } from '../../../stats';
import { rate, rateKn, DASH } from '../../format';
import type { ReportData } from '../../report-data';
import type { Block, Cell, Section } from '../blocks';

const HEAD = ['Invited', 'Responded', 'Completed', 'Response rate', 'Retention', 'Attrition', 'Of those first invited'];

/** §10 item 3 and §9: participation per round overall and per subgroup, with small groups hidden (api/stats/disclosure.ts). */
export function participationSection(data: ReportData): Section {
  const table = data.participation;
  const k = data.study.minGroupSize;
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        'Invited: panelists eligible for the round (not withdrawn, or withdrawn with their answers kept). Responded: gave at least one rating or ' +
        '"cannot judge" (an idea in an open-ended round). ' +
        'Completed: answered every item presented. Response rate = responded / invited. Retention = responded / responded in round 1. Attrition = 1 - ' +
        'responded / responded in the previous round. ' +
        'Withdrawal policy: ' +
        (data.study.withdrawalPolicy === 'keep' ? 'answers given before withdrawing are kept.' : 'a withdrawing panelist’s answers are erased.'),
    },
  ];
  if (table.rounds.length === 0) {
    blocks.push({ kind: 'p', text: 'No round has been planned yet.' });
    return { id: 'participation', title: 'Participation', blocks };
  }
  blocks.push({
    kind: 'table',
    caption: 'Participation per round',
    head: ['Round', 'Status', ...HEAD],
    numeric: [2, 3, 4, 5, 6, 7, 8],
    rows: table.rounds.map((r) => [`${r.round}${r.kind === 'ideas' ? ' (open-ended)' : ''}`, r.status, ...figureCells(r.overall)]),
  });
  blocks.push({
    kind: 'chart',
    caption: 'Response rate per round (responded / invited).',
    chart: {
      type: 'bars',
      max: 100,
      bars: table.rounds.map((r) => ({
        label: `Round ${r.round}`,
        value: r.overall.responseRate === null ? null : 100 * r.overall.responseRate,
        text: rateKn(r.overall.responded, r.overall.invited),
      })),
    },
  });
  for (const dim of table.dimensions) {
    blocks.push({
      kind: 'table',
      caption: `Participation by ${dim.label.toLowerCase()} (${dim.name})`,
      head: [dim.label, 'Round', ...HEAD],
      numeric: [2, 3, 4, 5, 6, 7, 8],
      rows: table.rounds.flatMap((r) =>
        (r.groups[dim.name] ?? []).map((g): Cell[] => [g.group, String(r.round), ...(g.figures ? figureCells(g.figures) : suppressedCells(k))]),
      ),
    });
  }
  return { id: 'participation', title: 'Participation', blocks };
}

export function figureCells(f: ParticipationFigures): string[] {
  return [
    String(f.invited),
    String(f.responded),
    String(f.completed),
    f.invited === 0 ? DASH : rateKn(f.responded, f.invited),
    rate(f.retention),
    rate(f.attrition),
    rate(f.cumulativeResponse),
  ];
}

export function suppressedCells(k: number): string[] {
  return [`hidden to protect small groups (fewer than ${k} invited, or exposed by subtracting other figures)`, '', '', '', '', '', ''];
}
