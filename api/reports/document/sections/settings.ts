import { analyseRound, type AnalysisSettings } from '../../../stats';
import { outcomeWords } from '../../../contract/words';
import { multiplicityName } from '../../format';
import type { ReportData } from '../../report-data';
import type { Section } from '../blocks';

const OPERATOR_WORDS: Record<string, string> = {
  '<': 'strictly less than',
  '<=': 'less than or equal to',
  '>': 'strictly greater than',
  '>=': 'greater than or equal to',
};

/**
 * §10 item 2: the statistical settings as the engine echoed them when it analysed the latest
 * closed round (rounds.analysis.settings), so the report shows what was used, not what is configured.
 */
export function settingsSection(data: ReportData): Section {
  const s = data.settings ?? fromProtocol(data);
  const rows: [string, string][] = [
    [
      'Quantile method',
      `${s.quantileMethodEquivalents}. Quantiles are computed exactly in hundredths of a scale point; displayed values are rounded to 2 decimals.`,
    ],
    [
      '"Cannot judge" answers',
      s.noOpinionPolicy === 'exclude'
        ? 'left out of every rating statistic and counted separately (policy: exclude)'
        : 'left out of dispersion statistics; counted as not agreeing in percentages (policy: count_in_denominator)',
    ],
    ['Agreement band', `${s.bands.agree[0]}-${s.bands.agree[1]}`],
    ['Disagreement band', `${s.bands.disagree[0]}-${s.bands.disagree[1]}`],
    [
      'Minimum data for a verdict',
      `at least ${s.minValidN} valid ratings and at most ${Math.round(s.maxNoOpinionShare * 1000) / 10} % "cannot judge"; ` +
        `otherwise ${outcomeWords('insufficient_data').toLowerCase()}`,
    ],
    [
      'Consensus rules',
      s.rules.map((r, i) => `rule ${i + 1} gives ${outcomeWords(r.outcome)} when ${r.when}`).join('; ') + `; otherwise ${outcomeWords(s.defaultOutcome)}`,
    ],
    ['Stability rule', stabilityText(s.stabilityRule)],
    ['Stopping rule', s.stopItemWhen ?? 'none'],
    [
      'Stability measures',
      'Scheibe distribution change (total-variation distance, %), Wilcoxon signed-rank (paired, zeros dropped, continuity correction), ' +
        "McNemar exact on the agreement band, Cohen's kappa, change in CV",
    ],
    ['Subgroup tests', 'Mann-Whitney U (2 groups) or Kruskal-Wallis H (3 or more), tie-corrected normal / chi-square approximation, continuity correction on'],
    ['Multiplicity', `${multiplicityName(s.multiplicity)} across the round's items within each attribute; α = ${s.alpha}`],
    ["Kendall's W", `chi-square p; a permutation p (9,999 permutations) when there are 7 items or fewer, seed ${s.wPermutationSeed}`],
    ['Subgroups compared', s.dimensions.length > 0 ? s.dimensions.join(', ') : 'none'],
    [
      'Small-group suppression',
      `k = ${data.study.minGroupSize}: no statistic, distribution or comment is shown for a group with fewer panelists, nor for a group whose figures ` +
        `subtraction of other published figures would narrow to fewer`,
    ],
    ['Protocol version', String(s.protocolVersion)],
  ];
  return {
    id: 'settings',
    title: 'Statistical settings',
    blocks: [
      {
        kind: 'p',
        note: data.settings === null,
        text:
          data.settings === null
            ? 'No round has been analysed yet, so these settings come from the protocol as configured, not from the engine.'
            : 'As recorded by the statistics engine when it analysed the latest closed round.',
      },
      { kind: 'kv', rows },
    ],
  };
}

/** "round >= 2 AND change_pct < 15 — stable when the change is strictly less than 15 %". */
export function stabilityText(rule: string | null): string {
  if (!rule) return 'none';
  const m = /change_pct\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)/.exec(rule);
  if (!m) return rule;
  const boundary = m[1] === '<' || m[1] === '>' ? `a change of exactly ${m[2]} % is not stable` : `a change of exactly ${m[2]} % is stable`;
  return `${rule}: stable when the distribution change is ${OPERATOR_WORDS[m[1]]} ${m[2]} % (operator "${m[1]}"; ${boundary})`;
}

/** Before any close, the engine's own echo of the settings it would use (an analysis of no items). */
function fromProtocol(data: ReportData): AnalysisSettings {
  const { scale, protocol, attributes } = data.study;
  return analyseRound({ round: 1, scale: { min: scale.min, max: scale.max }, protocol, dimensions: attributes.map((a) => a.name), items: [] }).settings;
}
