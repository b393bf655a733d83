import type { GroupComparison } from '../../../stats';
import { outcomeWords, withOutcomeWords } from '../../../contract/words';
import { fixed, multiplicityName, pctKn, plural, pValue, q2, DASH } from '../../format';
import type { ReportData, ReportRound } from '../../report-data';
import type { Block, Cell, Section } from '../blocks';
import { Lookups } from './lookups';

/** Charts per round for the headline items; the table beneath lists every comparison. */
const MAX_CHARTS = 8;

/**
 * The asymmetry view (§8, framework.md): where consensus holds in some groups and not others, and
 * where the groups' ratings differ after the multiplicity adjustment. Small groups are hidden (api/stats/disclosure.ts).
 */
export function asymmetrySection(data: ReportData): Section {
  const look = new Lookups(data);
  const rounds = look.closedRounds();
  const k = data.study.minGroupSize;
  const blocks: Block[] = [];
  if (rounds.length === 0) {
    blocks.push({ kind: 'p', text: 'No rating round has closed yet; subgroups are compared when a round closes.' });
    return { id: 'asymmetry', title: 'Subgroup differences (asymmetry view)', blocks };
  }
  const settings = data.settings!;
  blocks.push({
    kind: 'p',
    text:
      `Per item and round, the ratings of each panel attribute's groups (${settings.dimensions.join(', ') || 'none'}) are compared with the ` +
      `Mann-Whitney U test (two groups) or the Kruskal-Wallis H test (three or more), ` +
      `tie-corrected, two-sided. p-values are adjusted across the round's items within each attribute (${multiplicityName(settings.multiplicity)}); a ` +
      `difference is reported when the adjusted p < ${settings.alpha}. ` +
      `The consensus rules are also evaluated inside every group with at least ${settings.minValidN} valid ratings: a split means the verdict differs ` +
      `between groups. ` +
      `Groups with fewer than k = ${k} answers are hidden to protect small groups, and so is any further group whose figures could be worked out by ` +
      `subtracting others (the overall, or groups of any attribute) down to fewer than k answers; so is any test that involves a hidden group.`,
  });
  for (const round of rounds) for (const view of criterionViews(round, data)) blocks.push(...roundBlocks(view.round, look, view.title));
  return { id: 'asymmetry', title: 'Subgroup differences (asymmetry view)', blocks, landscape: true };
}

/**
 * A round once, or once per criterion when its results compare groups on each (frozen since
 * §15.1 was applied to groups): the same round with that criterion's comparisons, asymmetry and
 * adjustment families in place of the item's, so every table below reads one criterion at a time.
 */
function criterionViews(round: ReportRound, data: ReportData): { round: ReportRound; title: string }[] {
  const codes = round.results[0]?.result.criteria?.filter((c) => c.groups !== undefined).map((c) => c.criterion) ?? [];
  if (codes.length === 0) return [{ round, title: `Round ${round.number}` }];
  const labels = new Map(data.study.criteria.map((c) => [c.code, c.label]));
  return codes.map((code, i) => ({
    title: `Round ${round.number}: “${labels.get(code) ?? code}”`,
    round: {
      ...round,
      meta: { ...round.meta!, families: i === 0 ? round.meta!.families : (round.meta!.criterionFamilies?.[code] ?? {}) },
      results: round.results.map((r) => {
        const c = r.result.criteria?.find((x) => x.criterion === code);
        return { ...r, result: { ...r.result, groups: c?.groups ?? {}, asymmetry: c?.asymmetry ?? {} } };
      }),
    },
  }));
}

function roundBlocks(round: ReportRound, look: Lookups, title: string): Block[] {
  const meta = round.meta!;
  const blocks: Block[] = [{ kind: 'h', text: title }];
  const comparisons = round.results.flatMap((r) => Object.values(r.result.groups).map((g) => ({ r, g })));
  blocks.push({
    kind: 'table',
    head: [
      'Attribute',
      'Tests in the adjustment family (m)',
      'Adjustment',
      'α',
      'Tests shown',
      'Significant before adjustment (shown)',
      'Significant after adjustment (shown)',
    ],
    numeric: [1, 3, 4, 5, 6],
    rows: Object.values(meta.families).map((f) => {
      const shown = comparisons.filter(({ g }) => g.dimension === f.dimension && !g.suppressed && g.p !== null);
      return [
        f.dimension,
        String(f.m),
        multiplicityName(f.method),
        String(f.alpha),
        String(shown.length),
        String(shown.filter(({ g }) => (g.p as number) < f.alpha).length),
        String(shown.filter(({ g }) => g.pAdjusted !== null && g.pAdjusted < f.alpha).length),
      ];
    }),
  });
  if (!comparisons.some(({ g }) => !g.suppressed)) {
    blocks.push({
      kind: 'p',
      text:
        `Every comparison in round ${round.number} involves a group hidden to protect small groups (k = ${look.data.study.minGroupSize}), so none ` +
        `is shown.`,
    });
    return blocks;
  }
  const entries = round.results.flatMap((r) =>
    Object.values(r.result.asymmetry)
      .filter((a) => a.headline !== null)
      .map((a) => ({ r, a, g: r.result.groups[a.dimension] })),
  );
  const differ = entries.filter((e) => e.a.differs === true);
  const split = entries.filter((e) => e.a.differs !== true);
  const alpha = meta.settings.alpha;
  blocks.push({ kind: 'h', text: `Where the groups' ratings differ (adjusted p < ${alpha})` });
  if (differ.length === 0) blocks.push({ kind: 'p', text: `No subgroup difference remains after the adjustment in round ${round.number}.` });
  else
    blocks.push({
      kind: 'table',
      head: ['Item', 'Statement', 'Attribute', 'Test', 'Adjusted p', 'Effect size', 'Groups: median, agreement (k/n), outcome'],
      widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto', '*'],
      numeric: [4],
      rows: differ.map(({ r, g }) => [
        look.label(r.versionId),
        look.text(r.versionId),
        g.dimension,
        testName(g),
        pValue(g.pAdjusted),
        effectText(g),
        groupLines(g),
      ]),
    });
  blocks.push({ kind: 'h', text: 'Where the verdict splits between groups' });
  if (split.length === 0) blocks.push({ kind: 'p', text: `The consensus verdict was the same in every group with enough data in round ${round.number}.` });
  else
    blocks.push({
      kind: 'table',
      caption:
        `${plural(split.length, 'item-attribute pair')} where a consensus rule held in some groups and not in others, without a significant ` +
        `difference after adjustment.`,
      head: ['Item', 'Attribute', 'Verdicts', 'Adjusted p'],
      widths: ['auto', 'auto', '*', 'auto'],
      numeric: [3],
      rows: split.map(({ r, a }) => [look.label(r.versionId), a.dimension, withOutcomeWords((a.headline ?? '').replace(/^[^:]+: /, '')), pValue(a.pAdjusted)]),
    });
  const charted = [...differ, ...split].slice(0, MAX_CHARTS);
  for (const { r, g } of charted) {
    blocks.push({
      kind: 'chart',
      caption: `${look.label(r.versionId)}, round ${round.number}: share of valid ratings in the agreement band (${bandText(look)}) by ${g.dimension}.`,
      chart: {
        type: 'bars',
        max: 100,
        bars: g.perGroup.map((p) => ({
          label: p.group,
          value: p.suppressed || !p.stats ? null : p.stats.agree.pct,
          text: p.suppressed || !p.stats ? 'hidden to protect small groups' : `${pctKn(p.stats.agree)}, ${outcomeWords(p.outcome)}`,
        })),
      },
    });
  }
  if (entries.length > charted.length)
    blocks.push({
      kind: 'p',
      note: true,
      text: `Charts are drawn for ${charted.length} of ${entries.length} findings, differences first; the tables list all of them.`,
    });
  const dimensions = Object.keys(meta.families);
  if (dimensions.length <= 4) {
    // One row per item, a column per attribute: three times fewer rows to read (and to lay out).
    blocks.push({
      kind: 'table',
      caption:
        `Every subgroup comparison of round ${round.number}: statistic, p, adjusted p, effect ` +
        `size${dimensions.length > 0 ? '; "splits" when the verdict differs between groups' : ''}`,
      head: ['Item', ...dimensions],
      widths: ['auto', ...dimensions.map(() => '*' as const)],
      rows: round.results.map((r) => [
        look.label(r.versionId),
        ...dimensions.map((d) => (r.result.groups[d] ? comparisonCell(r.result.groups[d], r.result.asymmetry[d]?.split ?? false, alpha) : DASH)),
      ]),
    });
  } else {
    blocks.push({
      kind: 'table',
      caption: `Every subgroup comparison of round ${round.number}`,
      head: ['Item', 'Attribute', 'Test', 'Statistic', 'p', 'Adjusted p', 'Effect size', 'Verdict splits'],
      numeric: [3, 4, 5],
      rows: comparisons.map(({ r, g }) => comparisonRow(look.label(r.versionId), g, r.result.asymmetry[g.dimension]?.split ?? false, alpha)),
    });
  }
  return blocks;
}

function comparisonRow(label: string, g: GroupComparison, split: boolean, alpha: number): Cell[] {
  if (g.suppressed) return [label, g.dimension, 'not shown: a group is hidden to protect small groups', DASH, DASH, DASH, DASH, split ? 'yes' : 'no'];
  return [
    label,
    g.dimension,
    testName(g),
    statisticText(g),
    pValue(g.p),
    { text: pValue(g.pAdjusted), strong: g.pAdjusted !== null && g.pAdjusted < alpha },
    effectText(g),
    split ? 'yes' : 'no',
  ];
}

function comparisonCell(g: GroupComparison, split: boolean, alpha: number): Cell {
  if (g.suppressed) return `not shown: a group is hidden to protect small groups${split ? '; splits' : ''}`;
  if (g.test === null) return `no test (${g.flags.join(', ') || 'too few groups'})`;
  const text =
    `${g.test === 'mann-whitney' ? 'MW' : 'KW'} ${statisticText(g)}, p ${pValue(g.p)}\nadjusted p ${pValue(g.pAdjusted)}, ` +
    `${effectText(g)}${split ? '; splits' : ''}`;
  return { text, strong: g.pAdjusted !== null && g.pAdjusted < alpha };
}

function testName(g: GroupComparison): string {
  return g.test === 'mann-whitney' ? 'Mann-Whitney' : g.test === 'kruskal-wallis' ? 'Kruskal-Wallis' : `none (${g.flags.join(', ') || 'too few groups'})`;
}

function statisticText(g: GroupComparison): string {
  return g.test === 'mann-whitney' ? `U = ${fixed(g.statistic, 1)}` : g.test === 'kruskal-wallis' ? `H = ${fixed(g.statistic, 2)}, df ${g.df}` : DASH;
}

function effectText(g: GroupComparison): string {
  if (g.test === 'mann-whitney') return `r_rb = ${fixed(g.effectSizes.rankBiserial, 2)}, r = ${fixed(g.effectSizes.r, 2)}`;
  if (g.test === 'kruskal-wallis') return `ε² = ${fixed(g.effectSizes.epsilonSquared, 3)}`;
  return DASH;
}

/** One line per group; suppressed groups say so and show nothing else. */
function groupLines(g: GroupComparison): string {
  return g.perGroup
    .map((p) =>
      p.suppressed || !p.stats
        ? `${p.group}: hidden to protect small groups`
        : `${p.group}: ${q2(p.stats.median)}, ${pctKn(p.stats.agree)}, ${outcomeWords(p.outcome)}`,
    )
    .join('\n');
}

function bandText(look: Lookups): string {
  const a = look.data.settings?.bands.agree ?? look.data.study.protocol.bands.agree;
  return `${a[0]}-${a[1]}`;
}
