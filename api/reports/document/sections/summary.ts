import { listing, plural, when } from '../../format';
import { outcomeWords } from '../../../contract/words';
import type { ReportData } from '../../report-data';
import type { Section } from '../blocks';
import { Lookups, reachedConsensus } from './lookups';

export function summarySection(data: ReportData): Section {
  const look = new Lookups(data);
  const closed = look.closedRounds();
  const open = data.rounds.filter((r) => r.status !== 'closed');
  const first = data.participation.rounds[0];
  const rows: [string, string][] = [
    ['Aim', data.study.aim || 'not stated'],
    [
      'Rounds',
      data.rounds.length === 0
        ? 'none yet'
        : data.rounds.map((r) => `round ${r.number} ${r.kind === 'ideas' ? 'open-ended' : 'rating'}, ${r.status}`).join('; '),
    ],
    ['Panel', first ? `${first.overall.invited} invited to round 1, ${first.overall.responded} responded` : 'no round yet'],
    ['Items', `${data.items.length} (${data.items.reduce((n, i) => n + i.versions.length, 0)} versions)`],
    ['Languages', data.study.languages.join(', ')],
    ['Rating scale', `${data.study.scale.min} to ${data.study.scale.max}${data.study.scale.cannotJudge ? ', with "cannot judge"' : ''}`],
    [
      'Anonymity',
      data.study.anonymity === 'strict'
        ? 'strict: per-person ratings hidden from facilitators too'
        : 'quasi-anonymous: facilitators see who answered, panelists never see each other',
    ],
    [
      'Small-group suppression',
      `groups with fewer than k = ${data.study.minGroupSize} panelists, and groups that subtraction would expose, are hidden throughout`,
    ],
    ['Protocol locked', data.study.protocolLockedAt ? when(data.study.protocolLockedAt) : 'not yet (round 1 has not opened)'],
  ];
  const last = closed[closed.length - 1];
  const blocks: Section['blocks'] = [{ kind: 'kv', rows }];
  if (last) {
    const counts = new Map<string, number>();
    for (const r of last.results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
    const reached = last.results.filter((r) => reachedConsensus(r.result)).length;
    const headlines = last.results.filter((r) => r.result.headline !== null).length;
    blocks.push({
      kind: 'p',
      text:
        `Round ${last.number}, the latest closed round, rated ${plural(last.results.length, 'item')}: ` +
        `${listing([...counts].map(([o, n]) => `${n} ${outcomeWords(o).toLowerCase()}`))}. ` +
        `A consensus rule fired for ${reached} of ${last.results.length}. ` +
        `Subgroups split or differed on ${plural(headlines, 'item')} (see Subgroup differences).`,
    });
    const latest = new Map<number, string>();
    for (const round of closed) for (const r of round.results) latest.set(r.itemId, r.outcome);
    if (closed.length > 1) {
      const overall = new Map<string, number>();
      for (const outcome of latest.values()) overall.set(outcome, (overall.get(outcome) ?? 0) + 1);
      blocks.push({
        kind: 'p',
        text:
          `Over all closed rounds, taking each item's latest verdict, the ${latest.size} rated items ended ` +
          `${listing([...overall].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${n} ${outcomeWords(o).toLowerCase()}`))}.`,
      });
    }
    blocks.push({
      kind: 'p',
      text: `Response: ${data.participation.rounds.map(responseLine).join('; ')}.`,
    });
  } else {
    blocks.push({ kind: 'p', text: 'No rating round has closed yet, so there are no statistics to report.' });
  }
  if (open.length > 0) {
    blocks.push({
      kind: 'p',
      note: true,
      text:
        `${listing(open.map((r) => `Round ${r.number}`))} ${open.length === 1 ? 'is' : 'are'} not closed. Statistics are frozen only when a round ` +
        `closes, so ${open.length === 1 ? 'it appears' : 'they appear'} here with participation so far and no results.`,
    });
  }
  return { id: 'summary', title: 'Summary', blocks };
}

function responseLine(r: ReportData['participation']['rounds'][number]): string {
  return `round ${r.round} ${r.overall.responded} of ${r.overall.invited}${r.status === 'closed' ? '' : ` so far (${r.status})`}`;
}
