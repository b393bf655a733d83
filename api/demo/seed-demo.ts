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
import { addBlock } from '../services/block-service';
import { saveBlockAnswers } from '../services/block-answer-service';
import { createStudy, importItems } from '../services/study-service';
import { criteriaPresetProtocol } from '../stats';
import { demoCategories, demoItems, type DemoItem } from './framework-items';
import { addDemoRelationsBlock, answerDemoRelations } from './relations-demo';

export const DEMO_SLUG = 'demo';
export const DEMO_EMAIL = 'demo@delphi.example';

const SECTORS = ['health', 'social_care', 'voluntary', 'local_authority'] as const;
const ROLES = ['operational', 'tactical', 'strategic'] as const;
const COUNTRIES = ['UK', 'FR', 'DE', 'ES', 'NL', 'SE', 'IT'] as const;
const LABELS_EN = { '1': 'Strongly disagree', '5': 'Neither agree nor disagree', '9': 'Strongly agree' };
const LABELS_FR = { '1': 'Pas du tout d’accord', '5': 'Ni d’accord ni en désaccord', '9': 'Tout à fait d’accord' };
const IMPORTANCE_EN = { '1': 'Not important', '5': 'Moderately important', '9': 'Critically important' };
const IMPORTANCE_FR = { '1': 'Pas important', '5': 'Moyennement important', '9': 'D’une importance capitale' };

/**
 * The two questions the framework's authors ask of each element (Li et al. 2018): does it match
 * the panel's experience (the relevance criterion, so the demo shows content validity), and does
 * reducing it matter. Both 1-9 with "cannot judge".
 */
const CRITERIA = [
  {
    code: 'resonance',
    labels: {
      en: 'This asymmetry resonates with my experience of working with partners',
      fr: 'Cette asymétrie correspond à mon expérience du travail avec les partenaires',
    },
    scale: { min: 1, max: 9, cannotJudge: true, labels: { en: LABELS_EN, fr: LABELS_FR } },
    agree: [7, 9] as [number, number],
    relevance: true,
  },
  {
    code: 'importance',
    labels: { en: 'Reducing it matters for integrated care', fr: 'La réduire compte pour l’intégration des soins' },
    scale: { min: 1, max: 9, cannotJudge: true, labels: { en: IMPORTANCE_EN, fr: IMPORTANCE_FR } },
    agree: [7, 9] as [number, number],
    relevance: false,
  },
];

export interface DemoSeed {
  studyId: number;
  email: string;
  /** One-time: it must be changed at first sign-in and stops working at `passwordExpiresAt`. */
  password: string;
  passwordExpiresAt: string;
  panelistLinks: string[];
}

/**
 * What the start-up prints about signing in. The password is one-time and expires, so a log that
 * keeps these lines does not keep a way in; the panelist links open only the demo study.
 */
export function demoSignInLines(baseUrl: string, seeded: DemoSeed): string[] {
  return [
    `Facilitator sign-in: ${baseUrl}/sign-in  email: ${seeded.email}  one-time password: ${seeded.password}`,
    `The one-time password must be replaced by your own at first sign-in and stops working at ${seeded.passwordExpiresAt}.`,
    'The demo facilitator owns the demo study and nothing else; create administrators with: npm run cli -- admin create --email you@example.org --admin',
    ...seeded.panelistLinks.map((link) => `Panelist link: ${link}`),
    'These links and the password are shown once (only hashes are stored). Delete data/ and start again for a fresh demo.',
  ];
}

function normal(rng: Rng): number {
  // Box-Muller
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * A simulated importance rating: panelists who recognise an asymmetry tend to want it reduced, so
 * it follows the item's lean towards the panel's overall view, a little lower for the issues
 * carried over from earlier studies. Null: "cannot judge".
 */
function importanceOf(spec: DemoItem, sector: number, drift: number, rng: Rng): number | null {
  if (rng() < 0.03) return null;
  const overall = spec.lean.reduce((a, b) => a + b, 0) / spec.lean.length;
  const mean = 0.5 * spec.lean[sector] + 0.5 * overall + (spec.category === 'PRIOR' ? -0.8 : 0.3);
  const drifted = mean + drift * (7.5 - mean);
  return Math.min(9, Math.max(1, Math.round(drifted + normal(rng) * spec.spread * (1 - drift / 2))));
}

const COMMENTS = [
  'In my area this depends heavily on who is in post.',
  'We see this every week in discharge planning.',
  'True for commissioning, less so on the front line.',
  'The wording could be clearer about which partner is meant.',
  'Funding rules make this worse than it needs to be.',
];

/**
 * Seeds the demo study (slug `demo`) through the same services the API uses: 24 framework items
 * rated on two 1-9 criteria with "cannot judge" (resonance, the relevance criterion, and
 * importance), 40 simulated panelists across seven countries, four sectors and three role levels,
 * a relations question over the five asymmetries in each round (strategic and operational staff
 * disagree on power distance), and in round 2 a ranking of the power asymmetries; round 1 closed,
 * round 2 open with some answers in. Deterministic (seeded).
 */
export async function seedDemo(db: Db, baseUrl: string, options: { now?: () => Date; oneTimePasswordTtlHours?: number } = {}): Promise<DemoSeed | null> {
  const now = options.now ?? (() => new Date());
  if (await findStudyByRef(db, DEMO_SLUG)) return null;
  const rng = mulberry32(20180612);
  // Importance draws from its own sequence, so the resonance ratings are those the demo always had.
  const importanceRng = mulberry32(20181212);
  const iso = () => now().toISOString();
  const existing = await findFacilitatorByEmail(db, DEMO_EMAIL);
  if (existing) return null;
  // Not an administrator: `npm start` on an empty database must not create a key to every study.
  const ttlMs = options.oneTimePasswordTtlHours === undefined ? undefined : options.oneTimePasswordTtlHours * 3_600_000;
  const { facilitator, oneTimePassword, expiresAt } = await createFacilitator(db, { email: DEMO_EMAIL, name: 'Demo facilitator', isAdmin: false }, null, {
    now: now(),
    ttlMs,
  });
  const scale = CRITERIA[0].scale;
  const study = await createStudy(
    db,
    {
      slug: DEMO_SLUG,
      title: 'Trust across the health and social care divide: a European Delphi study',
      aim:
        'To test whether the asymmetries that erode trust between health and social care organisations (knowledge, power and organisational ' +
        'culture; Li et al. 2018) hold across Europe, and where the view differs by sector, role and country.',
      languages: ['en', 'fr'],
      attributes: [
        { name: 'sector', label: 'Sector', values: [...SECTORS] },
        { name: 'role_level', label: 'Role level', values: [...ROLES] },
        { name: 'country', label: 'Country', values: [...COUNTRIES] },
      ],
      scale,
      criteria: CRITERIA,
      protocol: criteriaPresetProtocol('grade_70_15_all', scale, CRITERIA),
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
  const invitations = await importPanelists(
    db,
    study,
    ['code,email,language,sector,role_level,country', ...panelRows].join('\n'),
    facilitator.id,
    baseUrl,
    iso(),
  );
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
        await saveAnswer(
          db,
          { panelist: row },
          version.id,
          { value: cannotJudge ? null : value, cannotJudge, comment, criterion: 'resonance' },
          `demo-${round}-${inv.panelistId}-${version.id}`,
          iso(),
        );
        const importance = importanceOf(spec, sectorOf(i), drift, importanceRng);
        await saveAnswer(
          db,
          { panelist: row },
          version.id,
          { value: importance, cannotJudge: importance === null, comment: null, criterion: 'importance' },
          `demo-${round}-${inv.panelistId}-${version.id}-importance`,
          iso(),
        );
      }
    }
    return r.id;
  };

  /**
   * Seeded rankings in which the role levels disagree: operational staff put the block's first
   * items first, strategic staff the last ones, tactical staff sit between; each with some noise.
   */
  const rank = async (blockId: number, items: string[]) => {
    for (const [i, inv] of invitations.entries()) {
      if (rng() > 0.7) continue;
      const lean = [1, 0, -1][Math.floor(i / 4) % 3];
      const score = new Map(items.map((code, j) => [code, lean * (items.length - j) + normal(rng) * 1.5]));
      const order = [...items].sort((a, b) => score.get(b)! - score.get(a)!);
      const row = (await findPanelist(db, study.id, inv.panelistId))!;
      const answers = order.map((subject, j) => ({ subject, value: j + 1, cannotJudge: false }));
      await saveBlockAnswers(db, row, blockId, { answers }, `demo-rank-${inv.panelistId}`, iso());
    }
  };

  const { row: r1 } = await createRound(
    db,
    study,
    {
      kind: 'rating',
      instructions: { en: 'Please rate how far you agree with each statement.', fr: 'Indiquez dans quelle mesure vous êtes d’accord avec chaque énoncé.' },
      decisions: [],
      newItems: [],
    },
    facilitator.id,
  );
  const panel = await Promise.all(
    invitations.map(async (inv, i) => ({ row: (await findPanelist(db, study.id, inv.panelistId))!, role: ROLES[Math.floor(i / 4) % 3] })),
  );
  // Its own stream, so the ratings stay the ones the demo has always had.
  const relationsRng = mulberry32(20181206);
  const relations1 = await addDemoRelationsBlock(db, study, r1, facilitator.id);
  await openRound(db, study, r1, facilitator.id, iso());
  await rate(1, 0.9, 0);
  await answerDemoRelations(db, relations1, panel, relationsRng, { share: 0.9, drift: 0, round: 1, nowIso: iso() });
  await closeRound(db, (await findStudyByRef(db, DEMO_SLUG))!, r1, facilitator.id, iso());
  const { row: r2 } = await createRound(
    db,
    (await findStudyByRef(db, DEMO_SLUG))!,
    {
      kind: 'rating',
      instructions: { en: 'Here is how the panel answered. Keep or change your rating.', fr: 'Voici les réponses du panel. Gardez ou modifiez votre note.' },
      decisions: [],
      newItems: [],
    },
    facilitator.id,
  );
  // Round 2 also asks the framework's question of priority: which power asymmetries most need reducing.
  const ranking = await addBlock(
    db,
    (await findStudyByRef(db, DEMO_SLUG))!,
    r2,
    {
      kind: 'ranking',
      config: { category: 'POWER', topK: null },
      instructions: {
        en: 'Which of these asymmetries most need reducing for effective integration? Put the most pressing first.',
        fr: 'Lesquelles de ces asymétries faut-il le plus réduire pour une intégration efficace ? Placez la plus urgente en premier.',
      },
    },
    facilitator.id,
  );
  const relations2 = await addDemoRelationsBlock(db, (await findStudyByRef(db, DEMO_SLUG))!, r2, facilitator.id);
  await openRound(db, (await findStudyByRef(db, DEMO_SLUG))!, r2, facilitator.id, iso());
  await rate(2, 0.45, 0.25);
  await rank(ranking.id, (ranking.config as { items: string[] }).items);
  await answerDemoRelations(db, relations2, panel, relationsRng, { share: 0.45, drift: 0.25, round: 2, nowIso: iso() });

  return {
    studyId: study.id,
    email: DEMO_EMAIL,
    password: oneTimePassword,
    passwordExpiresAt: expiresAt!,
    panelistLinks: invitations.slice(0, 3).map((i) => i.link),
  };
}
