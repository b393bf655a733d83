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
      'Two or more items can be merged into one new item, and one item split into two or more new items; the items replaced leave the set and ' +
      'each new item names the items it came from. ' +
      'By default an item without consensus is carried and an item with a verdict is retired; an item whose stopping rule holds is retired.',
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
        into.merged === 0 ? '0' : `${into.merged} into ${into.mergedInto}`,
        into.split === 0 ? '0' : `${into.split} into ${into.splitInto}`,
        holds
          ? 'yes'
          : `no${into.everyItemDecided ? '' : ': not every item of the previous round has a decision'}` +
            `${into.nextRoundAccounted ? '' : ': presented ≠ carried + reworded + added + made by merging or splitting'}`,
      ];
    }),
  });
  blocks.push({
    kind: 'p',
    note: true,
    text:
      'Carried, reworded, added, dropped, retired, merged and split count the decisions taken on the way into the round in that row ("2 into 1": ' +
      'two items merged into one new item). The identities checked are: presented in the previous round = carried + reworded + dropped + ' +
      'retired + merged + split, and presented = carried + reworded + added + the new items made by merging and splitting.',
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
        merged: t.merged,
        mergedInto: t.mergedInto,
        split: t.split,
        splitInto: t.splitInto,
      })),
    },
  });
  blocks.push({
    kind: 'table',
    caption: `The items and every wording presented (${data.study.languages[0]})`,
    head: ['Item', 'Category', 'Version', 'Wording', 'Why reworded, or where it came from'],
    widths: ['auto', 'auto', 'auto', '*', 'auto'],
    numeric: [2],
    rows: data.items.flatMap((item) =>
      item.versions.map((v) => [
        item.code,
        item.category ? `${item.category.code}: ${item.category.name}` : '',
        String(v.version),
        v.text,
        v.version === 1 ? origin(data, item.id) : `${v.reason ?? 'no reason recorded'}${citedComments(v.promptedByComments)}`,
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
    blocks.push({ kind: 'p', text: 'No item was reworded, added, dropped, retired, merged or split by a facilitator’s decision.' });
  } else {
    blocks.push({
      kind: 'table',
      head: ['Into round', 'Item', 'Decision', 'New wording', 'Reason', 'Prompted by (panel comments, anonymised)', 'Decided by'],
      widths: ['auto', 'auto', 'auto', '*', '*', '*', 'auto'],
      rows: taken.map((d) => [
        String(d.round),
        look.item(d.itemId).code,
        lineageWords(data, d),
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
  blocks.push(...stoppedByRule(data));
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

const citedComments = (n: number) => (n > 0 ? ` (cites ${n} panel comment${n === 1 ? '' : 's'})` : '');

const codeOf = (data: ReportData, ids: number[]) => ids.map((id) => data.items.find((i) => i.id === id)?.code ?? `#${id}`).join(', ');

/** A decision in words, naming the items on the other side of a merge or split. */
function lineageWords(data: ReportData, d: ReportDecision): string {
  switch (d.action) {
    case 'merge':
      return `merged into ${codeOf(data, d.linkedItemIds)}`;
    case 'split':
      return `split into ${codeOf(data, d.linkedItemIds)}`;
    case 'merged':
      return `made by merging ${codeOf(data, d.linkedItemIds)}`;
    case 'split_off':
      return `split from ${codeOf(data, d.linkedItemIds)}`;
    default:
      return decisionWords(d.action);
  }
}

/** Where an item's first wording came from: a merge or a split of earlier items, or nothing to say. */
function origin(data: ReportData, itemId: number): string {
  const d = data.decisions.find((x) => x.itemId === itemId && (x.action === 'merged' || x.action === 'split_off'));
  return d ? `${lineageWords(data, d)}: ${d.reason ?? 'no reason recorded'}` : '';
}

/**
 * consensus-methods.md §5.1 stop_item_when: the items whose stopping rule held at a round's close,
 * and what became of each on the way into the next round.
 */
function stoppedByRule(data: ReportData): Block[] {
  const rows: string[][] = [];
  for (const round of data.rounds) {
    for (const r of round.results) {
      if (r.result.stopItem !== true) continue;
      const d = data.decisions.find((x) => x.round === round.number + 1 && x.itemId === r.itemId);
      const code = data.items.find((i) => i.id === r.itemId)?.code ?? `#${r.itemId}`;
      const then = !d ? 'no later round yet' : d.action === 'retire' ? 'retired' : `${lineageWords(data, d)} (the facilitator kept it in play)`;
      rows.push([String(round.number), code, outcomeWords(r.outcome), then]);
    }
  }
  const rule = data.study.protocol.stopItemWhen?.trim();
  if (!rule) return [];
  if (rows.length === 0) return [{ kind: 'p', text: 'The stopping rule did not hold for any item.' }];
  return [
    { kind: 'h', text: 'Items stopped by the protocol’s stopping rule' },
    { kind: 'table', head: ['Round', 'Item', 'Outcome', 'Then'], rows },
  ];
}
