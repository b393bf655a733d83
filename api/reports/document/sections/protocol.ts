import { describeRule } from '../../../stats';
import { outcomeWords } from '../../../contract/words';
import { when } from '../../format';
import type { ReportData } from '../../report-data';
import type { Block, Section } from '../blocks';

/**
 * §10 item 1: the locked protocol with its lock time and every logged change to it. A protocol
 * locked before round 1 opened, with its changes listed, shows consensus was defined a priori.
 */
export function protocolSection(data: ReportData): Section {
  const { protocol, protocolLockedAt } = data.study;
  const blocks: Block[] = [];
  blocks.push({
    kind: 'p',
    text: protocolLockedAt
      ? `The consensus protocol was locked at ${when(protocolLockedAt)}, when round 1 opened, and could not change afterwards (the service refuses ` +
        `any change once it is locked). Consensus was therefore defined a priori.`
      : 'The consensus protocol is not locked yet: round 1 has not opened. It is shown as it stands now.',
  });
  blocks.push({
    kind: 'list',
    title: 'Rules, evaluated in order; the first that holds decides',
    items: [
      ...protocol.rules.map((r, i) => `Rule ${i + 1} gives ${outcomeWords(r.outcome)} when ${r.when} (${describeRule(r.when, protocol.bands)}).`),
      `If no rule holds: ${outcomeWords(protocol.defaultOutcome)}. ` +
        `Before any rule, an item with fewer than ${protocol.minValidN} valid ratings, or more than ` +
        `${Math.round(protocol.maxNoOpinionShare * 100)} % "cannot judge" answers, is ${outcomeWords('insufficient_data').toLowerCase()}.`,
      `Stability: ${protocol.stability.when.trim() ? `${protocol.stability.when} (${describeRule(protocol.stability.when)})` : 'no stability rule'}.`,
      'Stopping an item: ' +
        (protocol.stopItemWhen?.trim()
          ? `${protocol.stopItemWhen} (${describeRule(protocol.stopItemWhen)}).`
          : 'no stopping rule; the facilitator decides between rounds.'),
    ],
  });
  blocks.push({ kind: 'code', text: compactJson({ ...protocol, lockedAt: protocolLockedAt }) });
  blocks.push({ kind: 'h', text: 'Change log' });
  if (data.protocolChanges.length === 0) {
    blocks.push({ kind: 'p', text: 'No change to the protocol was logged: it was locked as first saved.' });
  } else {
    blocks.push({
      kind: 'table',
      caption: 'Every logged change (audit action protocol.update), oldest first. The service records no reason for a change.',
      head: ['Time', 'By', 'Before lock', 'Changed', 'Old', 'New'],
      widths: ['auto', 'auto', 'auto', 'auto', '*', '*'],
      rows: data.protocolChanges.map((c) => {
        const diff = changedKeys(c.before, c.after);
        return [
          when(c.at),
          c.by,
          c.afterLock ? 'no' : 'yes',
          diff.join(', ') || 'nothing',
          diff.map((key) => `${key}: ${JSON.stringify((c.before as Record<string, unknown> | null)?.[key] ?? null)}`).join('\n'),
          diff.map((key) => `${key}: ${JSON.stringify((c.after as Record<string, unknown> | null)?.[key] ?? null)}`).join('\n'),
        ];
      }),
    });
  }
  return { id: 'protocol', title: 'Consensus protocol and its changes', blocks };
}

function changedKeys(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

/** Indented JSON with arrays of plain values kept on one line ("agree": [7, 9]). */
export function compactJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
