import { studyBody } from './build';

/** The criteria the multi-criteria tests rate items on (consensus-methods.md §15), each on a 1-9 scale. */
export const nine = { min: 1, max: 9, cannotJudge: true, labels: {} };
export const resonance = { code: 'resonance', labels: { en: 'This asymmetry resonates with my experience' }, scale: nine };
export const importance = { code: 'importance', labels: { en: 'Reducing it matters for integrated care' }, scale: nine };

/** A study rated on `first` (resonance unless given) and importance, whose consensus rule and stability test name both. */
export function twoCriteriaStudy(first: object = resonance) {
  return {
    ...studyBody,
    criteria: [first, importance],
    protocol: {
      bands: { agree: [7, 9], disagree: [1, 3] },
      rules: [{ outcome: 'consensus_in', when: 'resonance.pct_agree >= 70 AND importance.median >= 7' }],
      stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
    },
  };
}
