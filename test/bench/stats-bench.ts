/**
 * Speed of the statistics engine at the size quality.md names: closing a round of 200 items ×
 * 1,000 panelists with 4 subgroups (target: under 1 s), and one item of 1,000 ratings (target:
 * well under 1 ms). Run: npx tsx test/bench/stats-bench.ts. Not part of npm test.
 */
import { performance } from 'node:perf_hooks';
import {
  analyseRound,
  defaultBands,
  defaultProtocol,
  describeRatings,
  mulberry32,
  randUcla,
  sortRatings,
  type Answer,
  type RoundAnalysisInput,
} from '../../api/stats';

const ITEMS = 200;
const PANELISTS = 1000;
const SECTORS = ['health', 'local_authority', 'social_care', 'voluntary'];
const scale = { min: 1, max: 9 };
const rng = mulberry32(1);

function answers(centre: number, shift: number): Answer[] {
  const out: Answer[] = [];
  for (let p = 0; p < PANELISTS; p++) {
    if (rng() < 0.05) continue;
    const sector = SECTORS[p % SECTORS.length];
    const value = rng() < 0.05 ? null : Math.min(9, Math.max(1, Math.round(centre + shift * (p % 4) + (rng() - 0.5) * 4)));
    out.push({ panelist: `p${p}`, value, groups: { sector } });
  }
  return out;
}

function input(withPrevious: boolean): RoundAnalysisInput {
  return {
    round: 2,
    scale,
    protocol: defaultProtocol(scale),
    dimensions: ['sector'],
    items: Array.from({ length: ITEMS }, (_, i) => {
      const centre = 2 + (i % 7);
      return {
        itemId: `i${i}`,
        versionId: `v${i}`,
        nPresented: PANELISTS,
        answers: answers(centre, (i % 3) * 0.3),
        ...(withPrevious ? { previous: { round: 1, versionId: `v${i}`, answers: answers(centre, 0) } } : {}),
      };
    }),
  };
}

function time(label: string, runs: number, fn: () => unknown): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(64)} median ${median.toFixed(1)} ms (min ${samples[0].toFixed(1)}, max ${samples[samples.length - 1].toFixed(1)}, ${runs} runs)`);
  return median;
}

const first = input(false);
const second = input(true);
const oneItem = { ...second, items: [second.items[0]] };
time(`analyseRound: ${ITEMS} items × ${PANELISTS} panelists × 4 groups, no previous round`, 7, () => analyseRound(first));
time(`analyseRound: ${ITEMS} items × ${PANELISTS} panelists × 4 groups, with stability`, 7, () => analyseRound(second));
time(`analyseRound: 1 item × ${PANELISTS} panelists × 4 groups, with stability`, 51, () => analyseRound(oneItem));
const ratings = oneItem.items[0].answers.flatMap((a) => (a.value === null ? [] : [a.value]));
time(`describeRatings + randUcla: one item of ${ratings.length} ratings`, 501, () => {
  describeRatings(ratings, { scale, bands: defaultBands(scale), quantileMethod: 'hf7', noOpinionPolicy: 'exclude', nNoOpinion: 0, nSkipped: 0 });
  randUcla(sortRatings(ratings), 'hf7');
});
