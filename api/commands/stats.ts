/**
 * `stats` and `concordance`: the statistics engine on a CSV file, for scripts and for people
 * (aligned tables). Both call api/stats; there is no second implementation here.
 */
import { parseArgs } from 'node:util';
import { analyseRound, defaultProtocol, kendallW, type Answer, type ItemRoundInput, type ItemRoundResult, type Scale } from '../stats';
import type { CommandIO } from './command-io';
import { CsvProblems, naturalCompare, readRankings, readRatings, type RatingRow } from './rating-csv';
import { errorMessage } from '../error-message';

const STATS_USAGE = `Usage: npm run --silent cli -- stats FILE --scale MIN-MAX [--agree LO-HI] [--quantile hf7|hf6] [--json]

FILE is a CSV with the header round,item,panelist,rating and an optional group column.
An empty rating or NA means "cannot judge" (left out of every rating statistic).

  --scale MIN-MAX   the rating scale, e.g. 1-9 (required)
  --agree LO-HI     agreement band (default 4-5 on 1-5, 6-7 on 1-7, 7-9 on 1-9)
  --quantile M      hf7 (default: R type 7, Excel .INC) or hf6 (SPSS)
  --json            one JSON object instead of tables

Stability is computed from an item's second round on, on panelists valid in both consecutive rounds.
p-values are two-sided; nothing is suppressed. Exit codes: 0 ok, 1 bad data, 2 usage.`;

const CONCORDANCE_USAGE = `Usage: npm run --silent cli -- concordance FILE [--json] [--seed N]

FILE is a CSV with the header panelist,item,rank (tied items share the mean of their positions).
Panelists who did not rank every item are left out and counted.

  --json     one JSON object instead of a table
  --seed N   seed of the permutation p (computed when there are 7 items or fewer)

Exit codes: 0 ok, 1 bad data, 2 usage.`;

class UsageError extends Error {}

/** `stats FILE --scale MIN-MAX [--agree LO-HI] [--quantile hf7|hf6] [--json]`; returns the exit code. */
export async function statsCommand(args: string[], io: CommandIO): Promise<number> {
  return run(io, STATS_USAGE, async () => {
    const { values, positionals } = parse(args, { scale: { type: 'string' }, agree: { type: 'string' }, quantile: { type: 'string' } });
    if (values.help) return io.stdout(`${STATS_USAGE}\n`);
    const file = onlyFile(positionals);
    if (typeof values.scale !== 'string') throw new UsageError('--scale MIN-MAX is required');
    const scale = readRange(values.scale, '--scale');
    if (scale.max - scale.min < 1) throw new UsageError(`--scale needs MIN < MAX, got ${values.scale}`);
    const protocol = defaultProtocol(scale);
    if (typeof values.agree === 'string') {
      const band = readRange(values.agree, '--agree');
      if (band.min > band.max || band.min < scale.min || band.max > scale.max) {
        throw new UsageError(`--agree ${values.agree} must lie within the scale ${scale.min}-${scale.max}`);
      }
      protocol.bands.agree = [band.min, band.max];
    }
    if (values.quantile !== undefined) {
      if (values.quantile !== 'hf7' && values.quantile !== 'hf6') throw new UsageError(`--quantile must be hf7 or hf6, got ${values.quantile}`);
      protocol.quantileMethod = values.quantile;
    }
    const { rows, hasGroup } = readRatings(await readInput(io, file), scale);
    const dimensions = hasGroup ? ['group'] : [];
    const firstRound = new Map<string, number>();
    for (const r of rows) firstRound.set(r.item, Math.min(r.round, firstRound.get(r.item) ?? r.round));
    const results = roundsOf(rows).flatMap(({ round, items }) =>
      analyseRound({ round, scale, protocol, dimensions, items }).items.map((r) => ({ result: r, hadEarlierRound: seenBefore(firstRound, r) })),
    );
    const report = results.map(({ result, hadEarlierRound }) => summarise(result, hasGroup, hadEarlierRound));
    if (values.json) io.stdout(`${JSON.stringify({ items: report })}\n`);
    else io.stdout(statsTable(report, scale, protocol.bands.agree, protocol.quantileMethod));
  });
}

/** `concordance FILE [--json] [--seed N]`; returns the exit code. */
export async function concordanceCommand(args: string[], io: CommandIO): Promise<number> {
  return run(io, CONCORDANCE_USAGE, async () => {
    const { values, positionals } = parse(args, { seed: { type: 'string' } });
    if (values.help) return io.stdout(`${CONCORDANCE_USAGE}\n`);
    const file = onlyFile(positionals);
    if (values.seed !== undefined && !/^\d+$/.test(String(values.seed))) throw new UsageError(`--seed must be a non-negative integer, got ${values.seed}`);
    const { items, ranks, excluded } = readRankings(await readInput(io, file));
    const w = kendallW(ranks, { seed: values.seed === undefined ? undefined : Number(values.seed) });
    const out = {
      m: w.m,
      n: w.n,
      w: w.w,
      chi2: w.chi2,
      df: w.df,
      p: w.p,
      permutationP: w.permutationP,
      permutations: w.permutations,
      seed: w.seed,
      wUncorrected: w.wUncorrected,
      rhoBar: w.rhoBar,
      band: w.band,
      mExcluded: excluded.length,
      items: items.map((item, i) => ({ item, rankSum: w.rankSums?.[i] ?? null, meanRank: w.meanRanks?.[i] ?? null })),
    };
    if (values.json) return io.stdout(`${JSON.stringify(out)}\n`);
    const lines = [
      `Kendall's W (tie-corrected) for ${out.m} panelists ranking ${out.n} items${out.mExcluded ? ` (${out.mExcluded} left out: incomplete rankings)` : ''}`,
      table(
        ['statistic', 'value'],
        [
          ['W', num(out.w, 4)],
          ['W uncorrected', num(out.wUncorrected, 4)],
          ['chi2', num(out.chi2, 4)],
          ['df', num(out.df, 0)],
          ['p (chi2)', num(out.p, 4)],
          ['p (permutation)', out.permutationP === null ? '-' : `${num(out.permutationP, 4)} (B = ${out.permutations}, seed ${out.seed})`],
          ['mean Spearman rho', num(out.rhoBar, 4)],
          ['Schmidt band', out.band ?? '-'],
        ],
      ),
      table(['item', 'rank sum', 'mean rank'], out.items.map((i) => [i.item, num(i.rankSum, 1), num(i.meanRank, 2)])),
    ];
    io.stdout(`${lines.join('\n')}\n`);
  });
}

async function run(io: CommandIO, usage: string, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n\n${usage}\n`);
      return 2;
    }
    if (e instanceof CsvProblems) {
      io.stderr(`${e.problems.join('\n')}\n`);
      return 1;
    }
    throw e;
  }
}

function parse<T extends Record<string, { type: 'string' }>>(args: string[], options: T) {
  const config = {
    args,
    allowPositionals: true as const,
    strict: true as const,
    options: { ...options, json: { type: 'boolean' as const }, help: { type: 'boolean' as const, short: 'h' } },
  };
  try {
    return parseArgs(config);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
}

function onlyFile(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'FILE is required' : `one FILE expected, got ${positionals.length}`);
  return positionals[0];
}

async function readInput(io: CommandIO, file: string): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (e) {
    throw new CsvProblems([`cannot read ${file}: ${errorMessage(e)}`]);
  }
}

function readRange(text: string, option: string): Scale {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UsageError(`${option} must look like 1-9, got '${text}'`);
  return { min: Number(match[1]), max: Number(match[2]) };
}

/** Rows grouped into analyseRound inputs; previous = the same item in the preceding round of the file. */
function roundsOf(rows: readonly RatingRow[]): { round: number; items: ItemRoundInput[] }[] {
  const cells = new Map<string, Answer[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.round, r.item]);
    const list = cells.get(key) ?? [];
    list.push({ panelist: r.panelist, value: r.rating, groups: r.group ? { group: r.group } : {} });
    cells.set(key, list);
  }
  const answers = (round: number, item: string): Answer[] => cells.get(JSON.stringify([round, item])) ?? [];
  const rounds = [...new Set(rows.map((r) => r.round))].sort((a, b) => a - b);
  return rounds.map((round, i) => {
    const itemIds = [...new Set(rows.filter((r) => r.round === round).map((r) => r.item))].sort(naturalCompare);
    const before = i > 0 ? rounds[i - 1] : null;
    const items = itemIds.map((itemId): ItemRoundInput => {
      const current = answers(round, itemId);
      const previous = before === null ? [] : answers(before, itemId);
      return {
        itemId,
        versionId: itemId,
        nPresented: current.length,
        answers: current,
        ...(before !== null && previous.length > 0 ? { previous: { round: before, versionId: itemId, answers: previous } } : {}),
      };
    });
    return { round, items };
  });
}

/** Whether the item occurs in an earlier round of the file (then the output carries a stability block). */
function seenBefore(firstRound: ReadonlyMap<string, number>, result: ItemRoundResult): boolean {
  return (firstRound.get(result.itemId) ?? result.round) < result.round;
}

interface ItemSummary {
  round: number;
  item: string;
  nValid: number;
  nNoOpinion: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  pctAgree: number | null;
  kAgree: number;
  rand?: { p30: number | null; p70: number | null; ipr: number | null; ipras: number | null; disagreement: boolean | null };
  stability?: { changePct: number | null; wilcoxonP: number | null; nPairs: number };
  groups?: { test: 'mann-whitney' | 'kruskal-wallis' | null; statistic: number | null; p: number | null };
}

function summarise(r: ItemRoundResult, hasGroup: boolean, hadEarlierRound: boolean): ItemSummary {
  const s = r.stats;
  const out: ItemSummary = {
    round: r.round,
    item: r.itemId,
    nValid: s.nValid,
    nNoOpinion: s.nNoOpinion,
    median: s.median,
    q1: s.q1,
    q3: s.q3,
    iqr: s.iqr,
    mean: s.mean,
    sd: s.sd,
    cv: s.cv,
    pctAgree: s.agree.pct,
    kAgree: s.agree.k,
  };
  if (r.rand) {
    out.rand = { p30: r.rand.p30, p70: r.rand.p70, ipr: r.rand.ipr, ipras: r.rand.ipras, disagreement: r.rand.disagreementIpras };
  }
  if (hadEarlierRound) {
    out.stability = r.stability
      ? { changePct: r.stability.changePct, wilcoxonP: r.stability.wilcoxon.p, nPairs: r.stability.nPairs }
      : { changePct: null, wilcoxonP: null, nPairs: 0 };
  }
  if (hasGroup) {
    const g = r.groups.group;
    out.groups = { test: g.test, statistic: g.statistic, p: g.p };
  }
  return out;
}

function statsTable(items: readonly ItemSummary[], scale: Scale, agree: readonly [number, number], method: string): string {
  const rand = items.some((i) => i.rand);
  const stability = items.some((i) => i.stability);
  const groups = items.some((i) => i.groups);
  const head = ['round', 'item', 'n', 'NA', 'median', 'Q1', 'Q3', 'IQR', 'mean', 'SD', 'CV', `agree ${agree[0]}-${agree[1]}`];
  if (rand) head.push('P30', 'P70', 'IPR', 'IPRAS', 'disagree');
  if (stability) head.push('change %', 'Wilcoxon p', 'pairs');
  if (groups) head.push('group test', 'statistic', 'p');
  const rows = items.map((i) => {
    const row = [String(i.round), i.item, String(i.nValid), String(i.nNoOpinion), num(i.median, 2), num(i.q1, 2), num(i.q3, 2), num(i.iqr, 2), num(i.mean, 2), num(i.sd, 2), num(i.cv, 3)];
    row.push(i.pctAgree === null ? '-' : `${i.pctAgree.toFixed(1)}% (${i.kAgree}/${i.nValid})`);
    if (rand) row.push(num(i.rand?.p30, 2), num(i.rand?.p70, 2), num(i.rand?.ipr, 2), num(i.rand?.ipras, 2), i.rand?.disagreement == null ? '-' : i.rand.disagreement ? 'yes' : 'no');
    if (stability) row.push(num(i.stability?.changePct, 1), num(i.stability?.wilcoxonP, 4), i.stability ? String(i.stability.nPairs) : '-');
    if (groups) row.push(i.groups?.test ?? '-', num(i.groups?.statistic, 3), num(i.groups?.p, 4));
    return row;
  });
  const note = `Scale ${scale.min}-${scale.max}, agreement band ${agree[0]}-${agree[1]}, quantiles ${method === 'hf7' ? 'hf7 (R type 7)' : 'hf6 (SPSS)'}. n = valid ratings, NA = cannot judge.`;
  return `${note}\n${table(head, rows)}`;
}

/** Left-aligned text columns, right-aligned numbers, two spaces apart. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = head.map((_, c) => rows.length > 0 && rows.every((r) => /^[-\d.%() /]+$/.test(r[c]) && r[c] !== '-'));
  const line = (cells: string[]) => cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

function num(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined ? '-' : x.toFixed(digits);
}
