import { rateKn } from '../../format';
import type { ReportData } from '../../report-data';
import type { Block, Cell, Section } from '../blocks';

/** §10 item 4: who was on the panel in each round, by subgroup, and how many panelists each item reached. */
export function compositionSection(data: ReportData): Section {
  const { rounds, dimensions } = data.participation;
  const k = data.study.minGroupSize;
  const blocks: Block[] = [];
  if (rounds.length === 0) {
    blocks.push({ kind: 'p', text: 'No round has been planned yet.' });
    return { id: 'composition', title: 'Panel composition', blocks };
  }
  blocks.push({
    kind: 'p',
    text:
      'Panel attributes are recorded at enrolment and do not change. Every item of a round is presented to every invited panelist, so the number of ' +
      'panelists per item equals the number invited: ' +
      rounds.map((r) => `round ${r.round}: ${r.itemsPresented} items to ${r.overall.invited} panelists`).join('; ') +
      '. Per-item counts of valid ratings are in the results.',
  });
  for (const dim of dimensions) {
    blocks.push({
      kind: 'table',
      caption: `Panel by ${dim.label.toLowerCase()}: invited (share of all invited) and responded (share of all who responded)`,
      head: [dim.label, ...rounds.flatMap((r) => [`Round ${r.round} invited`, `Round ${r.round} responded`])],
      numeric: rounds.flatMap((_, i) => [1 + 2 * i, 2 + 2 * i]),
      rows: groupNames(data, dim.name).map((group): Cell[] => [
        group,
        ...rounds.flatMap((r) => {
          const g = (r.groups[dim.name] ?? []).find((x) => x.group === group);
          if (!g) return ['0', '0'];
          if (!g.figures) return [`hidden to protect small groups (k = ${k})`, ''];
          return [rateKn(g.figures.invited, r.overall.invited), rateKn(g.figures.responded, r.overall.responded)];
        }),
      ]),
    });
    const last = rounds[rounds.length - 1];
    blocks.push({
      kind: 'chart',
      caption: `Round ${last.round}: share of responding panelists by ${dim.label.toLowerCase()}.`,
      chart: {
        type: 'bars',
        max: 100,
        bars: (last.groups[dim.name] ?? []).map((g) => ({
          label: g.group,
          value: g.figures && last.overall.responded > 0 ? (100 * g.figures.responded) / last.overall.responded : null,
          text: g.figures ? rateKn(g.figures.responded, last.overall.responded) : `hidden to protect small groups (k = ${k})`,
        })),
      },
    });
  }
  return { id: 'composition', title: 'Panel composition', blocks };
}

function groupNames(data: ReportData, dimension: string): string[] {
  const seen = new Set<string>();
  for (const r of data.participation.rounds) for (const g of r.groups[dimension] ?? []) seen.add(g.group);
  return [...seen];
}
