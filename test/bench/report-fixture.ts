/**
 * A large, realistic study for timing the consensus report and the exports: by default 200 items
 * presented in each of 3 closed rounds to 1,000 panelists in 4 sectors, 3 role levels and 7
 * countries, with rewordings in round 2 and a few comments. The study, items, panel and rounds go
 * through the API's services (so rounds close with real frozen results); only the answers are
 * bulk-inserted. Deterministic for a given seed.
 */
import type { Db } from '../../db/client';
import { insertPanelist } from '../../api/repositories/panelists';
import { findRoundByNumber, listRoundItems } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { createFacilitator } from '../../api/services/facilitator-service';
import { closeRound, createRound, openRound } from '../../api/services/round-service';
import { createStudy, importItems } from '../../api/services/study-service';
import { mulberry32, presetProtocol } from '../../api/stats';

export interface ReportFixtureOptions {
  items?: number;
  rounds?: number;
  panelists?: number;
  /** Share of panelists answering each round (attrition comes from here). */
  answerShare?: number;
  slug?: string;
  seed?: number;
}

export interface ReportFixture {
  studyId: number;
  slug: string;
  facilitatorId: number;
  responses: number;
}

const SECTORS = ['health', 'social_care', 'voluntary', 'local_authority'];
const ROLES = ['operational', 'tactical', 'strategic'];
const COUNTRIES = ['UK', 'FR', 'DE', 'ES', 'NL', 'SE', 'IT'];
const COMMENTS = [
  'Depends on the local partnership.',
  'Clear to me.',
  'The wording is ambiguous.',
  '=SUM(A1:A9) should not run',
  'Seen this often in practice.',
];

export async function buildReportFixture(db: Db, options: ReportFixtureOptions = {}): Promise<ReportFixture> {
  const items = options.items ?? 200;
  const rounds = options.rounds ?? 3;
  const panelists = options.panelists ?? 1000;
  const answerShare = options.answerShare ?? 0.9;
  const slug = options.slug ?? `report-bench-${items}x${panelists}`;
  const rng = mulberry32(options.seed ?? 20260301);
  const { facilitator } = await createFacilitator(
    db,
    { email: `${slug}@example.org`, name: 'Benchmark facilitator', isAdmin: true, mustChangePassword: false },
    null,
  );
  const scale = { min: 1, max: 9, cannotJudge: true, labels: { en: { '1': 'Strongly disagree', '9': 'Strongly agree' } } };
  const attributes = [
    { name: 'sector', label: 'Sector', values: SECTORS },
    { name: 'role_level', label: 'Role level', values: ROLES },
    { name: 'country', label: 'Country', values: COUNTRIES },
  ];
  let study = await createStudy(
    db,
    {
      slug,
      title: `Synthetic study: ${items} items, ${panelists} panelists`,
      aim: 'Timing the report and exports.',
      languages: ['en'],
      attributes,
      scale,
      protocol: presetProtocol('grade_70_15', scale),
      anonymity: 'quasi',
      minGroupSize: 5,
      withdrawalPolicy: 'keep',
      timeNeededMinutes: 30,
    },
    facilitator.id,
  );
  const categories = ['KNOW', 'POWER', 'CULT', 'PRIOR'];
  await importItems(
    db,
    study,
    [
      'code,category,text_en',
      ...Array.from({ length: items }, (_, i) => `S${i + 1},${categories[i % 4]},"Synthetic statement ${i + 1} about trust between partner organisations"`),
    ].join('\n'),
    facilitator.id,
  );
  const panelIds: { id: number; sector: number }[] = [];
  await db.transaction(async (tx) => {
    for (let p = 0; p < panelists; p++) {
      const sector = p % SECTORS.length;
      const attrs = { sector: SECTORS[sector], role_level: ROLES[Math.floor(p / 4) % 3], country: COUNTRIES[(p * 3 + Math.floor(p / 7)) % COUNTRIES.length] };
      panelIds.push({
        id: (
          await insertPanelist(tx, {
            studyId: study.id,
            code: `B${String(p + 1).padStart(5, '0')}`,
            language: 'en',
            attributes: attrs,
            status: 'active',
            tokenHash: null,
          })
        ).id,
        sector,
      });
    }
  });
  // Each item has a centre; about one in seven splits the sectors (the asymmetry the framework is
  // about). Later rounds drift towards agreement, as Delphi panels do.
  const centres = Array.from({ length: items }, () => {
    const centre = 4 + rng() * 4.5;
    const spread = rng() < 0.15 ? 1.6 : 0.3;
    return SECTORS.map(() => centre + (rng() - 0.5) * 2 * spread);
  });
  let responses = 0;
  for (let r = 1; r <= rounds; r++) {
    const previous = r === 1 ? [] : await listRoundItems(db, (await findRoundByNumber(db, study.id, r - 1))!.id);
    const decisions = previous.map(({ item }, i) =>
      r === 2 && i % 20 === 0
        ? {
            itemId: item.id,
            action: 'reword' as const,
            texts: { en: `Reworded statement ${item.code} after round 1 comments` },
            reason: 'Panelists found the wording ambiguous',
            sourceResponseIds: [],
          }
        : { itemId: item.id, action: 'carry' as const },
    );
    const { row: round } = await createRound(db, study, { kind: 'rating', instructions: { en: `Round ${r}` }, decisions, newItems: [] }, facilitator.id);
    await openRound(db, study, round, facilitator.id, new Date().toISOString());
    study = (await findStudy(db, study.id))!;
    const presented = await listRoundItems(db, round.id);
    const drift = (r - 1) * 0.3;
    const rows: (typeof db.t.responses.$inferInsert)[] = [];
    {
      for (const { id, sector } of panelIds) {
        if (rng() > answerShare) continue;
        for (const [i, { version }] of presented.entries()) {
          const cannot = rng() < 0.03;
          const centre = centres[i][sector] + drift * (7.5 - centres[i][sector]);
          const value = Math.min(9, Math.max(1, Math.round(centre + (rng() + rng() + rng() - 1.5) * 2.2)));
          const comment = rng() < 0.02 ? COMMENTS[Math.floor(rng() * COMMENTS.length)] : null;
          rows.push({ roundId: round.id, panelistId: id, itemVersionId: version.id, value: cannot ? null : value, cannotJudge: cannot, comment });
          responses++;
        }
      }
    }
    await db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) await tx.orm.insert(tx.t.responses).values(rows.slice(i, i + 500));
    });
    await closeRound(db, study, round, facilitator.id, new Date().toISOString());
  }
  return { studyId: study.id, slug, facilitatorId: facilitator.id, responses };
}
