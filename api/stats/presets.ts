/** Rule presets offered as templates before the lock (consensus-methods.md §5.5). */
import { defaultProtocol, type DefaultProtocol } from './protocol';
import { defaultIqrMax, isRandScale, type Scale } from './scale';
import { SCHMIDT_STOP_RULE } from './schmidt-stop';

/** The §5.5 presets, in the order the UI offers them. */
export const PRESET_NAMES = ['pct75', 'pct75_iqr', 'grade_70_15', 'rand_ipras', 'rand_classic', 'delphistar_75_top2', 'schmidt_stop'] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

/** True for a name in PRESET_NAMES. */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * The default protocol with a preset's rules (§5.5):
 * - pct75: `pct_agree >= 75` (Diamond 2014 median threshold).
 * - pct75_iqr: `pct_agree >= 75 AND iqr <= 1` on 5/7-point, `<= 2` on 9-point.
 * - grade_70_15: in `pct_range(A) >= 70 AND pct_range(D) < 15`, out the mirror, A/D = the default
 *   agree/disagree bands (7-9 and 1-3 on the 9-point scale it was defined for).
 * - rand_ipras / rand_classic (1–9 only): appropriate `median >= 7 AND NOT disagreement_…`,
 *   inappropriate `median <= 3 AND NOT disagreement_…`, default uncertain.
 * - delphistar_75_top2: `pct_range(max−1, max) >= 75` (6-7 on the 7-point scale it was defined for).
 * - schmidt_stop (§16): an item ranked in a ranking block of the round is settled when the ranking
 *   is, `w >= 0.7 OR (w_change < 0.1 AND rho_previous >= 0.9)`; the planner then retires it.
 * Throws RangeError for an unknown name, or a RAND preset on a scale other than 1–9.
 */
export function presetProtocol(name: string, scale: Scale): DefaultProtocol {
  const base = defaultProtocol(scale);
  const [alo, ahi] = base.bands.agree;
  const [dlo, dhi] = base.bands.disagree;
  switch (name) {
    case 'pct75':
      return { ...base, rules: [{ outcome: 'consensus_in', when: 'pct_agree >= 75' }] };
    case 'pct75_iqr':
      return { ...base, rules: [{ outcome: 'consensus_in', when: `pct_agree >= 75 AND iqr <= ${defaultIqrMax(scale)}` }] };
    case 'grade_70_15':
      return {
        ...base,
        rules: [
          { outcome: 'consensus_in', when: `pct_range(${alo},${ahi}) >= 70 AND pct_range(${dlo},${dhi}) < 15` },
          { outcome: 'consensus_out', when: `pct_range(${dlo},${dhi}) >= 70 AND pct_range(${alo},${ahi}) < 15` },
        ],
      };
    case 'rand_ipras':
    case 'rand_classic': {
      if (!isRandScale(scale)) throw new RangeError(`preset '${name}' needs a 1-9 scale`);
      const flag = name === 'rand_ipras' ? 'disagreement_ipras' : 'disagreement_classic';
      return {
        ...base,
        rules: [
          { outcome: 'appropriate', when: `median >= 7 AND NOT ${flag}` },
          { outcome: 'inappropriate', when: `median <= 3 AND NOT ${flag}` },
        ],
        defaultOutcome: 'uncertain',
      };
    }
    case 'delphistar_75_top2':
      return { ...base, rules: [{ outcome: 'consensus_in', when: `pct_range(${scale.max - 1},${scale.max}) >= 75` }] };
    case 'schmidt_stop':
      return { ...base, rules: [{ outcome: 'consensus_in', when: SCHMIDT_STOP_RULE }] };
    default:
      throw new RangeError(`unknown preset '${name}' (known: ${PRESET_NAMES.join(', ')})`);
  }
}

/** A criterion as the criteria presets need it (§15.1). */
export interface PresetCriterion {
  code: string;
  scale: Scale;
  relevance: boolean;
}

/** The presets for a study that names its criteria, in the order the UI offers them. */
export const CRITERIA_PRESET_NAMES = ['criteria_default', 'grade_70_15_all', 'cvi_078'] as const;

export type CriteriaPresetName = (typeof CRITERIA_PRESET_NAMES)[number];

/**
 * Protocols for a study with named criteria (§15.1, §15.2); the stability rule asks every
 * criterion to be stable: `round >= 2 AND all_criteria(change_pct < 15)`.
 * - criteria_default: the §0 rule on each criterion, `c.pct_agree >= 75 AND c.iqr <= iqr_max(c)`, joined by AND.
 * - grade_70_15_all ("importance and feasibility, GRADE 7–9 on both"; 1–9 criteria only):
 *   in `all_criteria(pct_range(7,9) >= 70 AND pct_range(1,3) < 15)`, out the mirror.
 * - cvi_078 ("content validity: I-CVI ≥ 0.78", Polit et al. 2007): `r.icvi >= 0.78` on every
 *   relevance criterion r; needs at least one.
 * Throws RangeError for an unknown name or criteria the preset does not fit.
 */
export function criteriaPresetProtocol(name: string, scale: Scale, criteria: readonly PresetCriterion[]): DefaultProtocol {
  const base = { ...defaultProtocol(scale), stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' } };
  switch (name) {
    case 'criteria_default':
      return {
        ...base,
        rules: [
          { outcome: 'consensus_in', when: criteria.map((c) => `${c.code}.pct_agree >= 75 AND ${c.code}.iqr <= ${defaultIqrMax(c.scale)}`).join(' AND ') },
        ],
      };
    case 'grade_70_15_all':
      if (!criteria.every((c) => isRandScale(c.scale))) throw new RangeError(`preset '${name}' needs every criterion on a 1-9 scale`);
      return {
        ...base,
        rules: [
          { outcome: 'consensus_in', when: 'all_criteria(pct_range(7,9) >= 70 AND pct_range(1,3) < 15)' },
          { outcome: 'consensus_out', when: 'all_criteria(pct_range(1,3) >= 70 AND pct_range(7,9) < 15)' },
        ],
      };
    case 'cvi_078': {
      const relevance = criteria.filter((c) => c.relevance);
      if (relevance.length === 0) throw new RangeError(`preset '${name}' needs a relevance criterion`);
      return { ...base, rules: [{ outcome: 'consensus_in', when: relevance.map((c) => `${c.code}.icvi >= 0.78`).join(' AND ') }] };
    }
    case 'schmidt_stop':
      return { ...base, rules: [{ outcome: 'consensus_in', when: SCHMIDT_STOP_RULE }] };
    default:
      throw new RangeError(`unknown preset '${name}' (known: ${CRITERIA_PRESET_NAMES.join(', ')})`);
  }
}
