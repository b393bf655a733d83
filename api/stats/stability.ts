/** Stability of one item version between consecutive rounds (consensus-methods.md §7). */
import { meanSdCv } from './describe';
import { finiteOrNull } from './finite';
import { cohensKappa } from './kappa';
import { mcnemar } from './mcnemar';
import { Rational } from './rational';
import type { Answer } from './round-input';
import type { Band, Bands, Scale } from './scale';
import { wilcoxonSignedRank } from './wilcoxon';
import type { StabilityResult } from '../contract/statistics';
export type { StabilityResult };

/**
 * change_pct = 50·Σ_v |f_r[v]/n_r − f_{r−1}[v]/n_{r−1}| (total-variation distance in %, §7.1),
 * exactly, from frequency vectors over the same scale points. With equal n it equals the halved
 * units of change over n. Null when either n is 0.
 */
export function distributionChange(previousFreq: readonly number[], currentFreq: readonly number[]): Rational | null {
  if (previousFreq.length !== currentFreq.length) throw new RangeError('frequency vectors must cover the same points');
  const np = previousFreq.reduce((a, b) => a + b, 0);
  const nc = currentFreq.reduce((a, b) => a + b, 0);
  if (np === 0 || nc === 0) return null;
  let units = 0;
  for (let v = 0; v < currentFreq.length; v++) units += Math.abs(currentFreq[v] * np - previousFreq[v] * nc);
  return Rational.of(50 * units, nc * np);
}

/** Frequencies of each scale point, min..max. */
export function frequencies(values: readonly number[], scale: Scale): number[] {
  const f = new Array<number>(scale.max - scale.min + 1).fill(0);
  for (const v of values) f[v - scale.min]++;
  return f;
}

/**
 * All §7 measures between round r−1 (`previous`) and r (`current`) of the same item version:
 * Scheibe change on all VALID ratings; Wilcoxon, McNemar and κ on panelists VALID in both rounds
 * (no carrying forward, §1.1); ΔCV on all VALID ratings.
 */
export function itemStability(
  previous: { round: number; answers: readonly Answer[] },
  current: readonly Answer[],
  scale: Scale,
  bands: Bands,
): StabilityResult {
  const prevValid = validValues(previous.answers);
  const currValid = validValues(current);
  const before = new Map<string, number>();
  for (const a of previous.answers) if (a.value !== null) before.set(a.panelist, a.value);
  const pairsBefore: number[] = [];
  const pairsAfter: number[] = [];
  for (const a of current) {
    const b = a.value === null ? undefined : before.get(a.panelist);
    if (b !== undefined && a.value !== null) {
      pairsBefore.push(b);
      pairsAfter.push(a.value);
    }
  }
  const category = bandCategory(bands);
  const inAgree = (v: number) => v >= bands.agree[0] && v <= bands.agree[1];
  const change = distributionChange(frequencies(prevValid, scale), frequencies(currValid, scale));
  const cvPrevious = meanSdCv(prevValid).cv;
  const cvCurrent = meanSdCv(currValid).cv;
  return {
    previousRound: previous.round,
    nPrevious: prevValid.length,
    nCurrent: currValid.length,
    changePct: change === null ? null : change.toNumber(),
    nPairs: pairsBefore.length,
    nChanged: pairsBefore.filter((b, i) => b !== pairsAfter[i]).length,
    wilcoxon: wilcoxonSignedRank(pairsBefore, pairsAfter),
    mcnemar: mcnemar(pairsBefore.map(inAgree), pairsAfter.map(inAgree)),
    kappa: cohensKappa(pairsBefore.map(category), pairsAfter.map(category), 3),
    kappaPoints: cohensKappa(
      pairsBefore.map((v) => v - scale.min),
      pairsAfter.map((v) => v - scale.min),
      scale.max - scale.min + 1,
    ),
    cvPrevious,
    cvCurrent,
    deltaCv: cvPrevious === null || cvCurrent === null ? null : finiteOrNull(cvCurrent - cvPrevious),
  };
}

function validValues(answers: readonly Answer[]): number[] {
  const out: number[] = [];
  for (const a of answers) if (a.value !== null) out.push(a.value);
  return out;
}

/** 0 = the lower band, 1 = neither, 2 = the upper band (bands ordered by position on the scale). */
function bandCategory(bands: Bands): (v: number) => number {
  const [lower, upper]: [Band, Band] = bands.disagree[0] <= bands.agree[0] ? [bands.disagree, bands.agree] : [bands.agree, bands.disagree];
  return (v) => (v >= lower[0] && v <= lower[1] ? 0 : v >= upper[0] && v <= upper[1] ? 2 : 1);
}
