import { readFileSync } from 'node:fs';
import type { RelationsConfig } from '../../api/contract/blocks';
import type { RelationsResult } from '../../api/contract/relations';
import { analyseRelationsBlock, type RelationsAnalysisInput } from '../../api/services/blocks/relations-analysis';

/** The two-round relations case of test/fixtures/stats-reference/generate-relations-block.py (numpy values beside the data). */
export const relationsReference = JSON.parse(readFileSync(new URL('../fixtures/stats-reference/relations-block.json', import.meta.url), 'utf8')) as {
  groups: Record<string, string>;
  rounds: { answers: RelationsAnalysisInput['answers'] }[];
};

export const ASYMMETRY_LABELS: Record<string, string> = {
  CI: 'Capacity imbalance',
  IA: 'Information asymmetry about expertise',
  OD: 'Organisational dissimilarity',
  PD: 'Power distance',
  RA: 'Role ambiguity',
};

/** Both rounds of the reference case analysed as a block over the five asymmetries, under the given labels. */
export function referenceResults(labels: Record<string, string> = ASYMMETRY_LABELS): {
  config: RelationsConfig;
  round1: RelationsResult;
  round2: RelationsResult;
} {
  const config: RelationsConfig = {
    elements: Object.entries(labels).map(([code, en]) => ({ code, label: { en } })),
    pairs: null,
    labels: { en: ['none', 'low', 'medium', 'high', 'very high'] },
    cannotJudge: true,
  };
  const groupsOfPanelist = new Map(
    Object.entries(relationsReference.groups).map(([p, g]): [string, Record<string, string>] => [p, g === '' ? {} : { role_level: g }]),
  );
  const settings = { quantileMethod: 'hf7', noOpinionPolicy: 'exclude', minValidN: 3, maxNoOpinionShare: 0.5, threshold: null } as const;
  const run = (round: number, previous: RelationsResult | null) =>
    analyseRelationsBlock({
      round,
      config,
      answers: relationsReference.rounds[round - 1].answers,
      groupsOfPanelist,
      dimensions: ['role_level'],
      previous,
      settings,
    });
  const round1 = run(1, null);
  return { config, round1, round2: run(2, round1) };
}
