/** Rule presets offered as templates before the lock (consensus-methods.md §5.5). */
import { defaultProtocol, type DefaultProtocol } from './protocol';
import { defaultIqrMax, isRandScale, type Scale } from './scale';

/** The §5.5 presets, in the order the UI offers them. */
export const PRESET_NAMES = ['pct75', 'pct75_iqr', 'grade_70_15', 'rand_ipras', 'rand_classic', 'delphistar_75_top2'] as const;

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
    default:
      throw new RangeError(`unknown preset '${name}' (known: ${PRESET_NAMES.join(', ')})`);
  }
}
