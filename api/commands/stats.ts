/**
 * `stats` and `concordance`: the statistics engine on a CSV file, for scripts and for people
 * (aligned tables). Both call api/stats; there is no second implementation here.
 */
import {
  analyseRound,
  attritionBias,
  contentValidityOf,
  defaultProtocol,
  itemContentValidity,
  kendallW,
  scaleContentValidity,
  type Answer,
  type Band,
  type ItemContentValidity,
  type ItemRoundInput,
  type ItemRoundResult,
  type Protocol,
  type Scale,
} from '../stats';
import type { CommandIO } from './command-io';
import { num, onlyFile, parse, readInput, run, table, UsageError } from './command-run';
import { analyseRounds, roundsJson, roundsTable } from './concordance-rounds';
import { hasRoundColumn, readRoundRankings } from './ranking-csv';
import { naturalCompare, readRankings, readRatings, type RatingRow } from './rating-csv';

const STATS_USAGE = `Usage: npm run --silent cli -- stats FILE --scale MIN-MAX [--agree LO-HI] [--cvi LO-HI] [--quantile hf7|hf6] [--json]

FILE is a CSV with the header round,item,panelist,rating and optional group and criterion columns
(found by header name). An empty rating or NA means "cannot judge" (left out of every rating statistic).
With a criterion column every row needs a criterion code, and everything is computed per round, item and criterion.

  --scale MIN-MAX   the rating scale, e.g. 1-9 (required)
  --agree LO-HI     agreement band (default 4-5 on 1-5, 6-7 on 1-7, 7-9 on 1-9)
  --cvi LO-HI       content validity, ratings in LO-HI counting as relevant (e.g. 3-4 on 1-4): per item
                    I-CVI, Pc and the modified kappa; per round and criterion S-CVI/Ave and S-CVI/UA
  --quantile M      hf7 (default: R type 7, Excel .INC) or hf6 (SPSS)
  --json            one JSON object instead of tables

Stability is computed from an item's second round on, on panelists valid in both consecutive rounds.
Attrition bias (every round but the file's last): the item's valid raters who have any row in the next round of
the file (stayers) against those who have none (leavers); Mann-Whitney U of the stayers, normal approximation
with continuity correction, raw p (Holm-adjust across a round's items yourself).
p-values are two-sided; nothing is suppressed. Exit codes: 0 ok, 1 bad data, 2 usage.`;

const CONCORDANCE_USAGE = `Usage: npm run --silent cli -- concordance FILE [--json] [--seed N]

FILE is a CSV with the header panelist,item,rank (tied items share the mean of their positions).
Panelists who did not rank every item are left out and counted.

With a round column, round,panelist,item,rank[,group] (columns in any order), it reports each round:
W, chi2, df, p, mean ranks, W per group and Spearman's rho with the previous round's mean ranks.
Ranks are 1..n (n = items ranked in that round); equal numbers are ties (midranks); a panelist who
ranks only some items gave a top-k ranking, and the others share the unused positions.

  --json     one JSON object instead of a table
  --seed N   seed of the permutation p (computed when there are 7 items or fewer)

Exit codes: 0 ok, 1 bad data, 2 usage.`;

/** `stats FILE --scale MIN-MAX [--agree LO-HI] [--cvi LO-HI] [--quantile hf7|hf6] [--json]`; returns the exit code. */
export async function statsCommand(args: string[], io: CommandIO): Promise<number> {
  return run(io, STATS_USAGE, async () => {
    const text = { type: 'string' } as const;
    const { values, positionals } = parse(args, { scale: text, agree: text, cvi: text, quantile: text });
    if (values.help) return io.stdout(`${STATS_USAGE}\n`);
    const file = onlyFile(positionals);
    if (typeof values.scale !== 'string') throw new UsageError('--scale MIN-MAX is required');
    const scale = readRange(values.scale, '--scale');
    if (scale.max - scale.min < 1) throw new UsageError(`--scale needs MIN < MAX, got ${values.scale}`);
    const protocol = defaultProtocol(scale);
    if (typeof values.agree === 'string') protocol.bands.agree = [...readBand(values.agree, '--agree', scale)];
    const cvi = typeof values.cvi === 'string' ? readBand(values.cvi, '--cvi', scale) : null;
    if (values.quantile !== undefined) {
      if (values.quantile !== 'hf7' && values.quantile !== 'hf6') throw new UsageError(`--quantile must be hf7 or hf6, got ${values.quantile}`);
      protocol.quantileMethod = values.quantile;
    }
    const { rows, hasGroup, hasCriterion } = readRatings(await readInput(io, file), scale);
    const { items, scvi } = analyseRatings(rows, { scale, protocol, hasGroup, hasCriterion, cvi });
    if (values.json) io.stdout(`${JSON.stringify(cvi === null ? { items } : { items, scvi })}\n`);
    else io.stdout(statsTable(items, { scale, agree: protocol.bands.agree, method: protocol.quantileMethod, cvi, hasCriterion, scvi }));
  });
}

/** `concordance FILE [--json] [--seed N]`; returns the exit code. */
export async function concordanceCommand(args: string[], io: CommandIO): Promise<number> {
  return run(io, CONCORDANCE_USAGE, async () => {
    const { values, positionals } = parse(args, { seed: { type: 'string' } });
    if (values.help) return io.stdout(`${CONCORDANCE_USAGE}\n`);
    const file = onlyFile(positionals);
    if (values.seed !== undefined && !/^\d+$/.test(String(values.seed))) throw new UsageError(`--seed must be a non-negative integer, got ${values.seed}`);
    const text = await readInput(io, file);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (hasRoundColumn(text)) {
      const rounds = analyseRounds(readRoundRankings(text).rounds, seed);
      return io.stdout(values.json ? `${JSON.stringify(roundsJson(rounds))}\n` : roundsTable(rounds));
    }
    const { items, ranks, excluded } = readRankings(text);
    const w = kendallW(ranks, { seed });
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
      table(
        ['item', 'rank sum', 'mean rank'],
        out.items.map((i) => [i.item, num(i.rankSum, 1), num(i.meanRank, 2)]),
      ),
    ];
    io.stdout(`${lines.join('\n')}\n`);
  });
}

function readRange(text: string, option: string): Scale {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!match) throw new UsageError(`${option} must look like 1-9, got '${text}'`);
  return { min: Number(match[1]), max: Number(match[2]) };
}

function readBand(text: string, option: string, scale: Scale): Band {
  const band = readRange(text, option);
  if (band.min > band.max || band.min < scale.min || band.max > scale.max) {
    throw new UsageError(`${option} ${text} must lie within the scale ${scale.min}-${scale.max}`);
  }
  return [band.min, band.max];
}

interface AnalysisOptions {
  scale: Scale;
  protocol: Protocol;
  hasGroup: boolean;
  hasCriterion: boolean;
  /** Relevant band of --cvi, or null without it. */
  cvi: Band | null;
}

interface ScviSummary {
  round: number;
  criterion: string | null;
  ave: number | null;
  ua: number | null;
}

/**
 * Every (round, item, criterion) of the file through analyseRound, one criterion at a time (each
 * has its own rounds and stability), plus content validity and attrition bias. A panelist "answered"
 * a round when the file has any row for them in it, rating or empty.
 */
function analyseRatings(rows: readonly RatingRow[], options: AnalysisOptions): { items: ItemSummary[]; scvi: ScviSummary[] } {
  const { scale, protocol, hasGroup, hasCriterion, cvi } = options;
  const dimensions = hasGroup ? ['group'] : [];
  const fileRounds = [...new Set(rows.map((r) => r.round))].sort((a, b) => a - b);
  const answered = new Map<number, Set<string>>(fileRounds.map((round) => [round, new Set<string>()]));
  for (const r of rows) answered.get(r.round)?.add(r.panelist);
  const items: ItemSummary[] = [];
  const scvi: ScviSummary[] = [];
  for (const code of [...new Set(rows.map((r) => r.criterion))].sort(naturalCompare)) {
    const criterion = hasCriterion ? code : null;
    const subset = rows.filter((r) => r.criterion === code);
    const firstRound = new Map<string, number>();
    for (const r of subset) firstRound.set(r.item, Math.min(r.round, firstRound.get(r.item) ?? r.round));
    for (const { round, items: inputs } of roundsOf(subset)) {
      const next = fileRounds[fileRounds.indexOf(round) + 1];
      const answeredNext = next === undefined ? null : (answered.get(next) as Set<string>);
      const validity: ItemContentValidity[] = [];
      analyseRound({ round, scale, protocol, dimensions, items: inputs }).items.forEach((result, i) => {
        const { answers } = inputs[i];
        const summary = summarise(result, criterion, hasGroup, seenBefore(firstRound, result));
        if (cvi !== null) {
          const v = contentValidityOf(
            answers.map((a) => a.value),
            cvi,
          );
          validity.push(v);
          summary.cvi = { n: v.n, nRelevant: v.nRelevant, icvi: v.icvi, pc: v.pc, kappa: v.kappa };
        }
        const bias = answeredNext === null ? null : attritionBias(answers, answeredNext);
        summary.attrition = bias === null ? null : { nStayed: bias.nStayed, nLeft: bias.nLeft, u: bias.u, p: bias.p };
        items.push(summary);
      });
      if (cvi !== null) {
        const { ave, ua } = scaleContentValidity(validity);
        scvi.push({ round, criterion, ave, ua });
      }
    }
  }
  const order = (a: { round: number; criterion: string | null }, b: { round: number; criterion: string | null }) =>
    a.round - b.round || naturalCompare(a.criterion ?? '', b.criterion ?? '');
  items.sort((a, b) => a.round - b.round || naturalCompare(a.item, b.item) || order(a, b));
  scvi.sort(order);
  return { items, scvi };
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
  /** The criterion code, or null when the file has no criterion column. */
  criterion: string | null;
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
  cvi?: { n: number; nRelevant: number; icvi: number | null; pc: number | null; kappa: number | null };
  /** Null for the file's last round or when stayers or leavers are missing. */
  attrition?: { nStayed: number; nLeft: number; u: number; p: number } | null;
}

function summarise(r: ItemRoundResult, criterion: string | null, hasGroup: boolean, hadEarlierRound: boolean): ItemSummary {
  const s = r.stats;
  const out: ItemSummary = {
    round: r.round,
    item: r.itemId,
    criterion,
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

interface TableOptions {
  scale: Scale;
  agree: Band;
  method: string;
  cvi: Band | null;
  hasCriterion: boolean;
  scvi: readonly ScviSummary[];
}

function statsTable(items: readonly ItemSummary[], options: TableOptions): string {
  const { scale, agree, method, cvi, hasCriterion } = options;
  const rand = items.some((i) => i.rand);
  const stability = items.some((i) => i.stability);
  const groups = items.some((i) => i.groups);
  const attrition = items.some((i) => i.attrition);
  const head = ['round', 'item', 'n', 'NA', 'median', 'Q1', 'Q3', 'IQR', 'mean', 'SD', 'CV', `agree ${agree[0]}-${agree[1]}`];
  if (hasCriterion) head.splice(2, 0, 'criterion');
  if (rand) head.push('P30', 'P70', 'IPR', 'IPRAS', 'disagree');
  if (stability) head.push('change %', 'Wilcoxon p', 'pairs');
  if (groups) head.push('group test', 'statistic', 'p');
  if (cvi) head.push(`I-CVI ${cvi[0]}-${cvi[1]}`, 'Pc', 'kappa*', 'evaluation');
  if (attrition) head.push('stayed', 'left', 'U', 'attrition p');
  const rows = items.map((i) => {
    const row = [
      String(i.round),
      i.item,
      String(i.nValid),
      String(i.nNoOpinion),
      num(i.median, 2),
      num(i.q1, 2),
      num(i.q3, 2),
      num(i.iqr, 2),
      num(i.mean, 2),
      num(i.sd, 2),
      num(i.cv, 3),
    ];
    if (hasCriterion) row.splice(2, 0, i.criterion ?? '-');
    row.push(i.pctAgree === null ? '-' : `${i.pctAgree.toFixed(1)}% (${i.kAgree}/${i.nValid})`);
    if (rand)
      row.push(
        num(i.rand?.p30, 2),
        num(i.rand?.p70, 2),
        num(i.rand?.ipr, 2),
        num(i.rand?.ipras, 2),
        i.rand?.disagreement == null ? '-' : i.rand.disagreement ? 'yes' : 'no',
      );
    if (stability) row.push(num(i.stability?.changePct, 1), num(i.stability?.wilcoxonP, 4), i.stability ? String(i.stability.nPairs) : '-');
    if (groups) row.push(i.groups?.test ?? '-', num(i.groups?.statistic, 3), num(i.groups?.p, 4));
    if (cvi && i.cvi) {
      const c = i.cvi;
      const evaluation = itemContentValidity(c.n, c.nRelevant).evaluation;
      row.push(c.icvi === null ? '-' : `${c.icvi.toFixed(2)} (${c.nRelevant}/${c.n})`, num(c.pc, 3), num(c.kappa, 2), evaluation ?? '-');
    }
    if (attrition) {
      const a = i.attrition;
      row.push(...(a ? [String(a.nStayed), String(a.nLeft), num(a.u, 1), num(a.p, 4)] : ['-', '-', '-', '-']));
    }
    return row;
  });
  const note =
    `Scale ${scale.min}-${scale.max}, agreement band ${agree[0]}-${agree[1]}, quantiles ` +
    `${method === 'hf7' ? 'hf7 (R type 7)' : 'hf6 (SPSS)'}. n = valid ratings, NA = cannot judge.`;
  if (!cvi) return `${note}\n${table(head, rows)}`;
  const scviHead = hasCriterion ? ['round', 'criterion', 'S-CVI/Ave', 'S-CVI/UA'] : ['round', 'S-CVI/Ave', 'S-CVI/UA'];
  const scviRows = options.scvi.map((v) => [String(v.round), ...(hasCriterion ? [v.criterion ?? '-'] : []), num(v.ave, 3), num(v.ua, 3)]);
  return `${note}\n${table(head, rows)}\nScale-level content validity (relevant ${cvi[0]}-${cvi[1]}):\n${table(scviHead, scviRows)}`;
}
