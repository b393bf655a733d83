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
import { addDemoRelationsBlock, answerDemoRelations } from './relations-demo';

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
 * and three role levels, a relations question over the five asymmetries in each round (strategic
 * and operational staff disagree on power distance); round 1 closed, round 2 open with some answers
 * in. Deterministic (seeded).
 */
export async function seedDemo(db: Db, baseUrl: string, options: { now?: () => Date; oneTimePasswordTtlHours?: number } = {}): Promise<DemoSeed | null> {
  const now = options.now ?? (() => new Date());
  if (await findStudyByRef(db, DEMO_SLUG)) return null;
  const rng = mulberry32(20180612);
  const iso = () => now().toISOString();
  const existing = await findFacilitatorByEmail(db, DEMO_EMAIL);
  if (existing) return null;
  // Not an administrator: `npm start` on an empty database must not create a key to every study.
  const ttlMs = options.oneTimePasswordTtlHours === undefined ? undefined : options.oneTimePasswordTtlHours * 3_600_000;
  const { facilitator, oneTimePassword, expiresAt } = await createFacilitator(db, { email: DEMO_EMAIL, name: 'Demo facilitator', isAdmin: false }, null, {
    now: now(),
    ttlMs,
  });
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
          row,
          version.id,
          { value: cannotJudge ? null : value, cannotJudge, comment },
          `demo-${round}-${inv.panelistId}-${version.id}`,
          iso(),
        );
      }
    }
    return r.id;
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
  const relations2 = await addDemoRelationsBlock(db, (await findStudyByRef(db, DEMO_SLUG))!, r2, facilitator.id);
  await openRound(db, (await findStudyByRef(db, DEMO_SLUG))!, r2, facilitator.id, iso());
  await rate(2, 0.45, 0.25);
  await answerDemoRelations(db, relations2, panel, relationsRng, { share: 0.45, drift: 0.25, round: 2, nowIso: iso() });

  return {
    studyId: study.id,
    email: DEMO_EMAIL,
    password: oneTimePassword,
    passwordExpiresAt: expiresAt!,
    panelistLinks: invitations.slice(0, 3).map((i) => i.link),
  };
}
