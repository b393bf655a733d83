/**
 * The demo study's relations question (consensus-methods.md §17): how the five partnership
 * asymmetries of the framework act on each other. The simulated panel splits on power distance:
 * strategic staff see it as a cause (it drives the other asymmetries), operational staff as an
 * effect (the other asymmetries produce it); tactical staff sit in between.
 */
import type { Db } from '../../db/client';
import type { RelationsConfig } from '../contract/blocks';
import type { PanelistRow } from '../repositories/panelists';
import type { RoundRow } from '../repositories/rounds';
import type { StudyRow } from '../repositories/studies';
import { saveBlockAnswers } from '../services/block-answer-service';
import { addBlock } from '../services/block-service';
import { relationSubjects } from '../services/blocks/relations-pairs';
import type { Rng } from '../stats/rng';

export const ASYMMETRIES: RelationsConfig['elements'] = [
  { code: 'RA', label: { en: 'Role ambiguity', fr: 'Ambiguïté des rôles' } },
  { code: 'IA', label: { en: 'Information asymmetry about expertise', fr: 'Asymétrie d’information sur l’expertise' } },
  { code: 'CI', label: { en: 'Capacity imbalance', fr: 'Déséquilibre des capacités' } },
  { code: 'PD', label: { en: 'Power distance', fr: 'Distance hiérarchique' } },
  { code: 'OD', label: { en: 'Organisational dissimilarity', fr: 'Dissemblance organisationnelle' } },
];

const CONFIG = {
  elements: ASYMMETRIES,
  pairs: null,
  labels: {
    en: ['No influence', 'Low', 'Medium', 'High', 'Very high'],
    fr: ['Aucune influence', 'Faible', 'Moyenne', 'Forte', 'Très forte'],
  },
  cannotJudge: true,
};

const INSTRUCTIONS = {
  en: 'How strongly does each asymmetry directly influence each other one? Rate every pair from 0 (no influence) to 4 (very high).',
  fr: 'Avec quelle force chaque asymétrie influence-t-elle directement chacune des autres ? Notez chaque paire de 0 (aucune influence) à 4 (très forte).',
};

/** A base strength per pair (the panel's shared view), before each role level's reading of power distance. */
const BASE: Record<string, number> = { RA: 2, IA: 2.5, CI: 2, OD: 1.5 };

/** Adds the relations block to a draft round. */
export async function addDemoRelationsBlock(db: Db, study: StudyRow, round: RoundRow, facilitatorId: number): Promise<number> {
  const block = await addBlock(db, study, round, { kind: 'relations', config: CONFIG, instructions: INSTRUCTIONS }, facilitatorId);
  return block.id;
}

/**
 * Seeded answers from a share of the panel: `role` of each panelist decides how they read power
 * distance; `drift` (0..1) moves everyone towards the panel's middle, as a second round does.
 */
export async function answerDemoRelations(
  db: Db,
  blockId: number,
  panel: readonly { row: PanelistRow; role: string }[],
  rng: Rng,
  opts: { share: number; drift: number; round: number; nowIso: string },
): Promise<void> {
  const subjects = relationSubjects(CONFIG);
  for (const { row, role } of panel) {
    if (rng() > opts.share) continue;
    const answers = subjects.map((subject) => {
      const [from, to] = subject.split('>');
      if (rng() < 0.03) return { subject, value: null, cannotJudge: true };
      const side = role === 'strategic' ? 1 : role === 'operational' ? -1 : 0;
      const centre = from === 'PD' ? 2 + 1.6 * side : to === 'PD' ? 2 - 1.6 * side : BASE[from] + (to === 'RA' ? 0.5 : 0);
      const moved = centre + opts.drift * (2 - centre);
      return { subject, value: Math.min(4, Math.max(0, Math.round(moved + (rng() - 0.5) * 1.6))), cannotJudge: false };
    });
    await saveBlockAnswers(db, row, blockId, { answers }, `demo-relations-${opts.round}-${row.id}`, opts.nowIso);
  }
}
