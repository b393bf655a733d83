import { itemFlow } from '../../item-flow';
import { overallWithheld } from '../../../stats';
import { decisionWords, outcomeWords, withOutcomeWords } from '../../../contract/words';
import type { ReportData, ReportDecision } from '../../report-data';
import type { Block, Section } from '../blocks';
import { Lookups } from './lookups';

/** §10 item 5 and §9: the item flow as a table, a diagram, each item's path, and every decision with who took it. */
export function itemFlowSection(data: ReportData): Section {
  const look = new Lookups(data);
  const flow = itemFlow(data);
  const blocks: Block[] = [];
  if (flow.rounds.length === 0) {
    blocks.push({ kind: 'p', text: 'No round has been planned yet.' });
    return { id: 'item-flow', title: 'Item flow across rounds', blocks };
  }
  blocks.push({
    kind: 'p',
    text:
      'Between rounds each item is carried forward unchanged, reworded (a new version, so stability is not computed across the change), dropped by ' +
      'the facilitator with a reason, or retired because it is settled; new items can be added. ' +
      'By default an item without consensus is carried and an item with a verdict is retired. The service has no merge or split action: a merge is ' +
      'recorded as a drop (with the reason) and an added item, so merged and split are always 0 here.',
  });
  blocks.push({
    kind: 'table',
    caption: 'Items per round and what happened on the way into the next round',
    head: ['Round', 'Status', 'Presented', 'Outcomes', 'Carried', 'Reworded', 'Added', 'Dropped', 'Retired', 'Merged', 'Split', 'Identities hold'],
    numeric: [2, 4, 5, 6, 7, 8, 9, 10],
    rows: flow.rounds.map((r) => {
      const into = flow.transitions.find((t) => t.into === r.number);
      const outcomes = r.outcomes.map(([o, n]) => `${outcomeWords(o)} ${n}`).join(', ') || (r.status === 'closed' ? 'none' : `not closed (${r.status})`);
      if (!into) return [String(r.number), r.status, String(r.presented), outcomes, '', '', '', '', '', '', '', 'first round'];
      const holds = into.everyItemDecided && into.nextRoundAccounted;
      return [
        String(r.number),
        r.status,
        String(r.presented),
        outcomes,
        String(into.carried),
        String(into.reworded),
        String(into.added),
        String(into.dropped),
        String(into.retired),
        '0',
        '0',
        holds
          ? 'yes'
          : `no${into.everyItemDecided ? '' : ': not every item of the previous round has a decision'}${into.nextRoundAccounted ? '' : ': presented ≠ carried + reworded + added'}`,
      ];
    }),
  });
  blocks.push({
    kind: 'p',
    note: true,
    text:
      'Carried, reworded, added, dropped and retired count the decisions taken on the way into the round in that row. The identities checked are: ' +
      'presented in the previous round = carried + reworded + dropped + retired, and presented = carried + reworded + added.',
  });
  blocks.push({
    kind: 'chart',
    caption: 'Flow of items across rounds.',
    chart: {
      type: 'flow',
      rounds: flow.rounds.map((r) => ({
        number: r.number,
        status: r.status,
        presented: r.presented,
        outcomes: r.outcomes.map(([o, n]) => [outcomeWords(o), n]),
      })),
      transitions: flow.transitions.map((t) => ({
        into: t.into,
        carried: t.carried,
        reworded: t.reworded,
        added: t.added,
        dropped: t.dropped,
        retired: t.retired,
      })),
    },
  });
  blocks.push({
    kind: 'table',
    caption: `The items and every wording presented (${data.study.languages[0]})`,
    head: ['Item', 'Category', 'Version', 'Wording', 'Why reworded'],
    widths: ['auto', 'auto', 'auto', '*', 'auto'],
    numeric: [2],
    rows: data.items.flatMap((item) =>
      item.versions.map((v) => [
        item.code,
        item.category ? `${item.category.code}: ${item.category.name}` : '',
        String(v.version),
        v.text,
        v.version === 1
          ? ''
          : `${v.reason ?? 'no reason recorded'}${v.promptedByComments > 0 ? ` (cites ${v.promptedByComments} panel comment${v.promptedByComments === 1 ? '' : 's'})` : ''}`,
      ]),
    ),
  });
  blocks.push({
    kind: 'table',
    caption: 'Each item’s path: version presented and outcome per round, or why it left',
    head: ['Item', 'Category', ...data.rounds.map((r) => `Round ${r.number}`)],
    rows: flow.paths.map((p) => {
      const item = look.item(p.itemId);
      return [item.code, item.category?.code ?? '', ...p.cells];
    }),
  });
  const taken = data.decisions.filter((d) => !d.isDefault && d.action !== 'carry');
  const carried = data.decisions.filter((d) => !d.isDefault && d.action === 'carry');
  blocks.push({ kind: 'h', text: 'Decisions taken by the facilitators' });
  if (taken.length === 0) {
    blocks.push({ kind: 'p', text: 'No item was reworded, added, dropped or retired by a facilitator’s decision.' });
  } else {
    blocks.push({
      kind: 'table',
      head: ['Into round', 'Item', 'Decision', 'New wording', 'Reason', 'Prompted by (panel comments, anonymised)', 'Decided by'],
      widths: ['auto', 'auto', 'auto', '*', '*', '*', 'auto'],
      rows: taken.map((d) => [
        String(d.round),
        look.item(d.itemId).code,
        decisionWords(d.action),
        d.versionId !== null && d.action !== 'carry' ? look.text(d.versionId) : '',
        withOutcomeWords(d.reason ?? 'no reason recorded'),
        promptedBy(data, d),
        d.decidedBy,
      ]),
    });
  }
  for (const round of new Set(carried.map((d) => d.round))) {
    const list = carried.filter((d) => d.round === round);
    blocks.push({
      kind: 'p',
      text:
        `Into round ${round}: ${list.length} item${list.length === 1 ? '' : 's'} carried forward unchanged by decision of ` +
        `${[...new Set(list.map((d) => d.decidedBy))].join(', ')} (${list.map((d) => look.item(d.itemId).code).join(', ')}).`,
    });
  }
  const defaults = data.decisions.filter((d) => d.isDefault);
  if (defaults.length > 0) {
    blocks.push({
      kind: 'p',
      text:
        `${defaults.length} decisions followed the default rule when the next round was planned ` +
        `(${defaults.filter((d) => d.action === 'carry').length} carried, ${defaults.filter((d) => d.action === 'retire').length} retired); the round ` +
        `was planned by ${[...new Set(defaults.map((d) => d.decidedBy))].join(', ')}.`,
    });
  }
  return { id: 'item-flow', title: 'Item flow across rounds', blocks, landscape: data.rounds.length > 3 };
}

/**
 * The comments a new wording cites, quoted as text only. A comment on an item whose round result
 * is withheld (fewer than k valid ratings) stays unquoted, as it is in the feedback section and
 * for panelists: only its count is given.
 */
function promptedBy(data: ReportData, d: ReportDecision): string {
  if (d.versionId === null) return '';
  const version = data.items.find((i) => i.id === d.itemId)?.versions.find((v) => v.id === d.versionId);
  if (!version || version.promptedBy.length === 0) return '';
  const quotable = (c: { roundId: number; versionId: number }) => {
    const result = data.rounds.find((r) => r.id === c.roundId)?.results.find((r) => r.versionId === c.versionId);
    return result !== undefined && !overallWithheld(result.result.stats.nValid, data.study.minGroupSize);
  };
  const shown = version.promptedBy.filter(quotable).map((c) => `“${c.text}”`);
  const withheld = version.promptedBy.length - shown.length;
  return [...shown, ...(withheld > 0 ? [`${withheld} more, not quoted: fewer than k valid ratings`] : [])].join('\n');
}
