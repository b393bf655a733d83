/** The study's data as one XLSX workbook (xlsx-writer.ts writes the file). */
import { overallWithheld } from '../../stats';
import { itemFlow } from '../item-flow';
import { safe, STRICT_NOTE } from './csv-export';
import { criterionColumn, type LongFormat } from './long-format';
import type { ReportData, ReportRound } from '../report-data';
import { compactJson } from '../document/sections/protocol';
import { settingsSection } from '../document/sections/settings';
import { when } from '../format';
import { subgroupHeader, subgroupRows } from './xlsx-subgroups';
import { attritionHeader, attritionRows, contentValidityRows, CONTENT_VALIDITY_SHEET_HEADER } from './xlsx-criteria';
import { resultRows, resultHeader } from './xlsx-results';
import { SPREAD_HEADER } from './columns';
import { XlsxWriter, type XlsxValue } from './xlsx-writer';
import { addRelationSheets } from './relations-export';
import { RANKING_HEADER, rankingRows } from './rankings-export';

type Value = XlsxValue;
export type XlsxProgress = (done: number, total: number) => void;

/**
 * Sheets: About, Protocol, Participation, Item flow, Results R1..Rn, Subgroups, Content validity and
 * Attrition (when there is any), the relations sheets (when the study has relations blocks), Comments,
 * Responses (long format). Every text cell is neutralised against formula injection; numbers stay numbers.
 */
export async function renderXlsx(data: ReportData, long: LongFormat | null, onProgress: XlsxProgress = () => {}): Promise<Buffer> {
  const closed = data.rounds.filter((r) => r.meta !== null);
  const total = (long?.rows.length ?? 0) + closed.reduce((n, r) => n + r.results.length * 4, 0) + 100;
  let done = 0;
  const wb = new XlsxWriter(
    { title: data.study.title, creator: `${data.software.service.name} ${data.software.service.version}`, createdIso: data.generatedAt },
    (n) => {
      done += n;
      onProgress(Math.min(done, total), total);
    },
  );
  const text = (rows: Value[][]) => rows.map((row) => row.map((v) => (typeof v === 'string' ? safe(v) : v)));
  await wb.addSheet({ name: 'About', header: ['Field', 'Value'], rows: text(aboutRows(data, long)), widths: [34, 120], formats: { 1: 'wrap' } });
  await wb.addSheet({ name: 'Protocol', header: ['Setting', 'Value'], rows: text(protocolRows(data)), widths: [34, 120], formats: { 1: 'wrap' } });
  await wb.addSheet({
    name: 'Participation',
    header: ['round', 'status', 'attribute', 'group', 'invited', 'responded', 'completed', 'response_rate', 'retention', 'attrition', 'of_first_invited'],
    rows: text(participationRows(data)),
    formats: { 7: 'percent', 8: 'percent', 9: 'percent', 10: 'percent' },
  });
  await wb.addSheet({
    name: 'Item flow',
    header: ['round', 'item', 'version', 'action', 'reason', 'decided_by', 'by_default'],
    rows: text(flowRows(data)),
    widths: [8, 12, 8, 10, 70, 24, 10],
  });
  for (const round of closed) {
    const header = resultHeader(data);
    const decimals = Object.fromEntries(
      header.flatMap((h, i) =>
        [
          ...SPREAD_HEADER,
          'mean',
          'sd',
          'cv',
          'pct_agree',
          'pct_disagree',
          'p30',
          'p70',
          'ipras',
          'di',
          'change_pct',
          'kappa',
          'delta_cv',
          'icvi',
          'pc',
          'kappa_star',
        ].includes(h)
          ? [[i, 'decimal2' as const]]
          : [],
      ),
    );
    await wb.addSheet({
      name: `Results R${round.number}`,
      header,
      rows: text(resultRows(data, round)),
      formats: decimals,
      widths: header.map((h) => (h === 'statement' || h === 'rule' || h === 'guard' ? 50 : Math.max(9, h.length + 2))),
    });
  }
  if (data.rankings.length > 0) {
    await wb.addSheet({
      name: 'Rankings',
      header: RANKING_HEADER,
      rows: text(rankingRows(data)),
      formats: { 5: 'decimal2', 6: 'decimal2', 7: 'decimal2', 9: 'decimal2' },
    });
  }
  // Per-person rating sequences are nearly unique across many items: beside a group's distributions
  // they would put each pseudonym back into the group whose value the Responses sheet withholds.
  const coarsened = new Set(Object.entries(long?.withheld ?? {}).flatMap(([attribute, n]) => (n > 0 ? [attribute] : [])));
  const subgroupColumns = subgroupHeader(data);
  const attributeColumn = subgroupColumns.indexOf('attribute');
  const subgroups = closed.flatMap((r) => subgroupRows(data, r)).filter((row) => !coarsened.has(String(row[attributeColumn])));
  await wb.addSheet({ name: 'Subgroups', header: subgroupColumns, rows: text(subgroups) });
  const validity = contentValidityRows(data);
  if (validity.length > 0) {
    await wb.addSheet({ name: 'Content validity', header: CONTENT_VALIDITY_SHEET_HEADER, rows: text(validity), formats: { 5: 'decimal2', 6: 'decimal2' } });
  }
  const attrition = attritionRows(data);
  if (attrition.length > 0) await wb.addSheet({ name: 'Attrition', header: attritionHeader(data), rows: text(attrition) });
  await addRelationSheets(wb, data.relations);
  const languages = data.study.languages;
  await wb.addSheet({
    name: 'Comments',
    header: ['round', 'item', 'version', 'comment', 'language', ...languages.map((l) => `translation_${l}`)],
    rows: text(commentRows(data, closed)),
    widths: [8, 12, 8, 100, 10, ...languages.map(() => 60)],
  });
  if (long === null) {
    await wb.addSheet({ name: 'Responses', header: ['note'], rows: [[STRICT_NOTE]], widths: [120] });
  } else {
    const attrs = long.attributes.map(safe) as string[];
    const neutral = new Map<string, string>();
    const cached = (v: string) => {
      let cell = neutral.get(v);
      if (cell === undefined) neutral.set(v, (cell = safe(v) as string));
      return cell;
    };
    const rows = (function* () {
      for (const r of long.rows) {
        yield [
          r.round,
          cached(r.item),
          r.version,
          cached(r.panelist),
          ...criterionColumn(long, r.criterion).map(cached),
          ...r.attributes.map(cached),
          r.rating,
          r.cannotJudge,
        ];
      }
    })();
    await wb.addSheet({
      name: 'Responses',
      header: ['round', 'item', 'item_version', 'panelist', ...criterionColumn(long, 'criterion'), ...attrs, 'rating', 'cannot_judge'],
      rows,
    });
  }
  const buffer = await wb.finish();
  onProgress(total, total);
  return buffer;
}

function aboutRows(data: ReportData, long: LongFormat | null): Value[][] {
  return [
    ['Study', data.study.title],
    ['Study id / slug', `${data.study.id} / ${data.study.slug}`],
    ['Exported', when(data.generatedAt)],
    ['Scope', data.upToRound === null ? 'all rounds so far' : `rounds 1 to ${data.upToRound}`],
    ['Anonymity', data.study.anonymity],
    [
      'Pseudonyms',
      long === null
        ? 'none: strict anonymity mode, no per-person data in this file'
        : 'Panelists appear under codes drawn at random for this file only (R-...). They differ from the codes used in the study and from any other ' +
          'export, so files cannot be joined on them.',
    ],
    [
      'Small groups (k)',
      `${data.study.minGroupSize}: subgroup statistics, participation and comments of smaller groups are hidden, and so is any group ` +
        'whose figures could be worked out by subtracting other published figures (overall, other groups of any attribute)',
    ],
    ['Attribute combinations in Responses', long === null ? 'no per-person data in this file' : long.note],
    ['Subgroups sheet', subgroupNote(long)],
    ['Formula safety', 'text starting with = + - @ (or a tab or carriage return) is prefixed with an apostrophe'],
    ...data.software.libraries.map((l): Value[] => [`Library ${l.name}`, l.version]),
    ['Service', `${data.software.service.name} ${data.software.service.version} (Node.js ${data.software.node})`],
  ];
}

function subgroupNote(long: LongFormat | null): string {
  const left = Object.entries(long?.withheld ?? {}).flatMap(([attribute, n]) => (n > 0 ? [attribute] : []));
  if (left.length === 0) return 'every attribute';
  return `without ${left.join(', ')}: values withheld in Responses are not broken down here, where matching a panelist's ratings would restore them`;
}

function protocolRows(data: ReportData): Value[][] {
  const kv = settingsSection(data).blocks.find((b) => b.kind === 'kv');
  const rows: Value[][] = [['Protocol locked at', data.study.protocolLockedAt ?? 'not locked'], ...(kv && kv.kind === 'kv' ? kv.rows : [])];
  rows.push(['Protocol (JSON)', compactJson({ ...data.study.protocol, lockedAt: data.study.protocolLockedAt })]);
  if (data.protocolChanges.length === 0) rows.push(['Changes', 'none logged']);
  for (const c of data.protocolChanges)
    rows.push([`Change at ${c.at} by ${c.by}${c.afterLock ? ' (after lock)' : ''}`, JSON.stringify({ old: c.before, new: c.after })]);
  return rows;
}

function participationRows(data: ReportData): Value[][] {
  const rows: Value[][] = [];
  for (const r of data.participation.rounds) {
    const f = r.overall;
    rows.push([r.round, r.status, 'all', 'all', f.invited, f.responded, f.completed, f.responseRate, f.retention, f.attrition, f.cumulativeResponse]);
    for (const dim of data.participation.dimensions) {
      for (const g of r.groups[dim.name] ?? []) {
        const x = g.figures;
        rows.push(
          x
            ? [r.round, r.status, dim.name, g.group, x.invited, x.responded, x.completed, x.responseRate, x.retention, x.attrition, x.cumulativeResponse]
            : [r.round, r.status, dim.name, g.group, 'suppressed', null, null, null, null, null, null],
        );
      }
    }
  }
  return rows;
}

function flowRows(data: ReportData): Value[][] {
  const first = data.rounds[0];
  const versions = new Map(data.items.flatMap((i) => i.versions.map((v) => [v.id, { code: i.code, version: v.version }] as const)));
  const codes = new Map(data.items.map((i) => [i.id, i.code]));
  const rows: Value[][] = first
    ? first.presented.map((p) => [
        first.number,
        versions.get(p.versionId)?.code ?? '',
        versions.get(p.versionId)?.version ?? null,
        'present',
        'first round',
        null,
        true,
      ])
    : [];
  for (const d of data.decisions)
    rows.push([
      d.round,
      codes.get(d.itemId) ?? '',
      d.versionId === null ? null : (versions.get(d.versionId)?.version ?? null),
      d.action,
      d.reason,
      d.decidedBy,
      d.isDefault,
    ]);
  const flow = itemFlow(data);
  for (const t of flow.transitions) {
    rows.push([
      t.into,
      'all',
      null,
      'identity',
      `presented ${t.presentedFrom} = carried ${t.carried} + reworded ${t.reworded} + dropped ${t.dropped} + retired ${t.retired}; presented ` +
        `${t.presentedInto} = carried + reworded + added ${t.added}`,
      null,
      t.everyItemDecided && t.nextRoundAccounted,
    ]);
  }
  return rows;
}

function commentRows(data: ReportData, rounds: ReportRound[]): Value[][] {
  const versions = new Map(data.items.flatMap((i) => i.versions.map((v) => [v.id, { code: i.code, version: v.version }] as const)));
  const rows: Value[][] = [];
  for (const round of rounds) {
    for (const r of round.results) {
      const texts = round.comments.get(r.versionId) ?? [];
      const v = versions.get(r.versionId)!;
      if (texts.length === 0) continue;
      if (overallWithheld(r.result.stats.nValid, data.study.minGroupSize))
        rows.push([round.number, v.code, v.version, `[${texts.length} withheld: fewer than k = ${data.study.minGroupSize} valid ratings]`]);
      else
        for (const c of texts) {
          const translated = data.study.languages.map((l) => c.translations.find((t) => t.language === l)?.text ?? null);
          rows.push([round.number, v.code, v.version, c.text, c.language, ...translated]);
        }
    }
  }
  return rows;
}
