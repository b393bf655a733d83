import type { Db } from '../../db/client';
import { mulberry32, type Rng } from '../stats/rng';
import { findStudyByRef, updateCategoryNames } from '../repositories/studies';
import { findPanelist } from '../repositories/panelists';
import { findFacilitatorByEmail } from '../repositories/facilitators';
import { findRoundByNumber, listRoundItems } from '../repositories/rounds';
import { createFacilitator } from '../services/facilitator-service';
import { importPanelists } from '../services/panel-service';
import { closeRound, createRound, openRound } from '../services/round-service';
import { saveAnswer } from '../services/response-service';
import { createStudy, importItems } from '../services/study-service';
import { presetProtocol } from '../stats';
import { demoCategories, demoItems } from './framework-items';

export const DEMO_SLUG = 'demo';
export const DEMO_EMAIL = 'demo@delphi.example';

const SECTORS = ['health', 'social_care', 'voluntary', 'local_authority'] as const;
const ROLES = ['operational', 'tactical', 'strategic'] as const;
const COUNTRIES = ['UK', 'FR', 'DE', 'ES', 'NL', 'SE', 'IT'] as const;
const LABELS_EN = { '1': 'Strongly disagree', '5': 'Neither agree nor disagree', '9': 'Strongly agree' };
const LABELS_FR = { '1': 'Pas du tout d’accord', '5': 'Ni d’accord ni en désaccord', '9': 'Tout à fait d’accord' };

export interface DemoSeed {
  studyId: number;
  email: string;
  password: string;
  panelistLinks: string[];
}

function normal(rng: Rng): number {
  // Box-Muller
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const COMMENTS = [
  'In my area this depends heavily on who is in post.',
  'We see this every week in discharge planning.',
  'True for commissioning, less so on the front line.',
  'The wording could be clearer about which partner is meant.',
  'Funding rules make this worse than it needs to be.',
];

/**
 * Seeds the demo study (slug `demo`) through the same services the API uses: a 1-9 scale with
 * "cannot judge", 24 framework items, 40 simulated panelists across seven countries, four sectors
 * and three role levels; round 1 closed, round 2 open with some answers in. Deterministic (seeded).
 */
export async function seedDemo(db: Db, baseUrl: string, now: () => Date = () => new Date()): Promise<DemoSeed | null> {
  if (await findStudyByRef(db, DEMO_SLUG)) return null;
  const rng = mulberry32(20180612);
  const iso = () => now().toISOString();
  const existing = await findFacilitatorByEmail(db, DEMO_EMAIL);
  if (existing) return null;
  const { facilitator, oneTimePassword } = await createFacilitator(db, { email: DEMO_EMAIL, name: 'Demo facilitator', isAdmin: true }, null);
  const scale = { min: 1, max: 9, cannotJudge: true, labels: { en: LABELS_EN, fr: LABELS_FR } };
  const study = await createStudy(
    db,
    {
      slug: DEMO_SLUG,
      title: 'Trust across the health and social care divide: a European Delphi study',
      aim: 'To test whether the asymmetries that erode trust between health and social care organisations (knowledge, power and organisational culture; Li et al. 2018) hold across Europe, and where the view differs by sector, role and country.',
      languages: ['en', 'fr'],
      attributes: [
        { name: 'sector', label: 'Sector', values: [...SECTORS] },
        { name: 'role_level', label: 'Role level', values: [...ROLES] },
        { name: 'country', label: 'Country', values: [...COUNTRIES] },
      ],
      scale,
      protocol: presetProtocol('grade_70_15', scale),
      anonymity: 'quasi',
      minGroupSize: 5,
      withdrawalPolicy: 'keep',
      timeNeededMinutes: 15,
    },
    facilitator.id,
  );
  const itemCsv = [
    'code,category,text_en,text_fr',
    ...demoItems.map((i) => [i.code, i.category, i.en, i.fr].map((v) => `"${v.replace(/"/g, '""')}"`).join(',')),
  ].join('\n');
  await importItems(db, study, itemCsv, facilitator.id, { createCategories: true });
  // Give the imported categories their proper names.
  for (const [code, names] of Object.entries(demoCategories)) {
    await db.transaction((tx) => updateCategoryNames(tx, study.id, code, { en: names.en, fr: names.fr }));
  }

  const panelRows = Array.from({ length: 40 }, (_, i) => {
    const sector = SECTORS[i % 4];
    const role = ROLES[Math.floor(i / 4) % 3];
    const country = COUNTRIES[(i * 3 + Math.floor(i / 7)) % COUNTRIES.length];
    const language = country === 'FR' ? 'fr' : 'en';
    return `D${String(i + 1).padStart(2, '0')},,${language},${sector},${role},${country}`;
  });
  const invitations = await importPanelists(db, study, ['code,email,language,sector,role_level,country', ...panelRows].join('\n'), facilitator.id, baseUrl, iso());
  const sectorOf = (i: number) => i % 4;

  const rate = async (round: number, answerShare: number, drift: number) => {
    const r = (await findRoundByNumber(db, study.id, round))!;
    const presented = await listRoundItems(db, r.id);
    for (const [i, inv] of invitations.entries()) {
      if (rng() > answerShare) continue;
      const row = (await findPanelist(db, study.id, inv.panelistId))!;
      for (const { item, version } of presented) {
        const spec = demoItems.find((d) => d.code === item.code)!;
        const cannotJudge = rng() < 0.04;
        const mean = spec.lean[sectorOf(i)] + drift * (7.5 - spec.lean[sectorOf(i)]);
        const value = Math.min(9, Math.max(1, Math.round(mean + normal(rng) * spec.spread * (1 - drift / 2))));
        const comment = rng() < 0.08 ? COMMENTS[Math.floor(rng() * COMMENTS.length)] : null;
        await saveAnswer(db, row, version.id, { value: cannotJudge ? null : value, cannotJudge, comment }, `demo-${round}-${inv.panelistId}-${version.id}`, iso());
      }
    }
    return r.id;
  };

  const r1 = await createRound(db, study, { kind: 'rating', instructions: { en: 'Please rate how far you agree with each statement.', fr: 'Indiquez dans quelle mesure vous êtes d’accord avec chaque énoncé.' }, decisions: [], newItems: [] }, facilitator.id);
  await openRound(db, study, r1, facilitator.id, iso());
  await rate(1, 0.9, 0);
  await closeRound(db, (await findStudyByRef(db, DEMO_SLUG))!, r1.id, facilitator.id, iso());
  const r2 = await createRound(db, (await findStudyByRef(db, DEMO_SLUG))!, { kind: 'rating', instructions: { en: 'Here is how the panel answered. Keep or change your rating.', fr: 'Voici les réponses du panel. Gardez ou modifiez votre note.' }, decisions: [], newItems: [] }, facilitator.id);
  await openRound(db, (await findStudyByRef(db, DEMO_SLUG))!, r2, facilitator.id, iso());
  await rate(2, 0.45, 0.25);

  return { studyId: study.id, email: DEMO_EMAIL, password: oneTimePassword, panelistLinks: invitations.slice(0, 3).map((i) => i.link) };
}
