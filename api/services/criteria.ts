/**
 * A study's criteria (consensus-methods.md §15.1) as the rest of the service needs them: the
 * effective list (a study that names none has one unnamed criterion, code '', on its scale with
 * the protocol's agreement band), the engine's and the rule checker's views, and the checks a
 * facilitator's list must pass before it is stored.
 */
import { errors, type Problem } from '../errors';
import type { StudyCriterion } from '../contract/study';
import { bandInScale, defaultBands, FUNCTIONS, IDENTIFIERS, type CriterionInput, type CriterionSpec } from '../stats';
import type { StudyRow } from '../repositories/studies';

/** The criterion code of the answers of a study that names no criteria. */
export const UNNAMED_CRITERION = '';

type StudyCriteria = Pick<StudyRow, 'criteria' | 'scale' | 'protocol'>;

/** The criteria answers are keyed by, in the study's order; never empty. */
export function criteriaOf(study: StudyCriteria): StudyCriterion[] {
  if (study.criteria.length > 0) return study.criteria;
  return [{ code: UNNAMED_CRITERION, labels: {}, scale: study.scale, agree: study.protocol.bands.agree, relevance: false }];
}

/** The engine's criteria, or undefined for a study that names none (its results keep their old shape). */
export function criterionInputs(study: StudyCriteria): CriterionInput[] | undefined {
  if (study.criteria.length === 0) return undefined;
  return study.criteria.map((c) => ({
    code: c.code,
    scale: { min: c.scale.min, max: c.scale.max },
    bands: { agree: c.agree, disagree: disagreeBand(c) },
    relevant: c.relevance ? c.agree : null,
  }));
}

/** The rule checker's criteria, or undefined for a study that names none. */
export function criterionSpecs(criteria: readonly StudyCriterion[]): CriterionSpec[] | undefined {
  return criteria.length === 0 ? undefined : criteria.map((c) => ({ code: c.code, scale: { min: c.scale.min, max: c.scale.max }, relevance: c.relevance }));
}

/**
 * The disagreement band of a criterion: its own scale's default (§0), unless that overlaps the
 * agreement band the facilitator chose, in which case the points below it.
 */
function disagreeBand(c: StudyCriterion): [number, number] {
  const [lo, hi] = defaultBands(c.scale).disagree;
  return hi < c.agree[0] ? [lo, hi] : [c.scale.min, Math.max(c.scale.min, c.agree[0] - 1)];
}

/** A criterion as the API accepts it: the agreement band may be left to the scale's default. */
export type CriterionInputBody = Omit<StudyCriterion, 'agree'> & { agree?: [number, number] };

/**
 * Checks a facilitator's list against the study's languages and fills each default band: codes
 * unique and not a name of the rule language, labels only in study languages with the first
 * language present, the agreement band on the criterion's scale. Throws the one 400 listing every
 * problem, each naming its field (criteria.1.code).
 */
export function checkCriteria(input: readonly CriterionInputBody[], languages: readonly string[]): StudyCriterion[] {
  const problems: Problem[] = [];
  const codes = new Set<string>();
  const out = input.map((c, i): StudyCriterion => {
    const at = `criteria.${i}`;
    if (codes.has(c.code)) problems.push({ path: `${at}.code`, message: `The criterion code "${c.code}" is used twice.` });
    else if (Object.hasOwn(IDENTIFIERS, c.code) || Object.hasOwn(FUNCTIONS, c.code) || /^(and|or|not)$/i.test(c.code)) {
      problems.push({ path: `${at}.code`, message: `"${c.code}" is a name of the rule language; choose another criterion code.` });
    }
    codes.add(c.code);
    for (const lang of Object.keys(c.labels)) {
      if (!languages.includes(lang))
        problems.push({ path: `${at}.labels`, message: `"${lang}" is not one of the study's languages (${languages.join(', ')}).` });
    }
    if (!c.labels[languages[0]]) problems.push({ path: `${at}.labels`, message: `A label in the study's first language (${languages[0]}) is required.` });
    const agree = c.agree ?? defaultBands(c.scale).agree;
    if (!bandInScale(agree, c.scale)) {
      problems.push({ path: `${at}.agree`, message: `The agreement band must lie on the ${c.scale.min}-${c.scale.max} scale.` });
    }
    return { code: c.code, labels: c.labels, scale: c.scale, agree: [agree[0], agree[1]], relevance: c.relevance };
  });
  if (problems.length > 0) throw errors.validation(problems[0].message, problems);
  return out;
}
