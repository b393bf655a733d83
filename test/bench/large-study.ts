/**
 * Builds benchmark studies straight into a file database: the API's own services create the
 * study, items and panel, then answers and sessions are bulk-inserted (the submit path itself is
 * measured separately), so a 200 x 1,000 round is ready in seconds.
 */
import { openDatabase, type Db } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { insertResponses } from '../../api/repositories/imports';
import { insertPanelist } from '../../api/repositories/panelists';
import { listRoundItems } from '../../api/repositories/rounds';
import { insertSession } from '../../api/repositories/sessions';
import { createFacilitator } from '../../api/services/facilitator-service';
import { createRound, openRound } from '../../api/services/round-service';
import { createStudy, importItems } from '../../api/services/study-service';
import { hashToken, newToken } from '../../api/services/tokens';
import { mulberry32 } from '../../api/stats';

export const SECTORS = ['health', 'social_care', 'voluntary', 'local_authority'];

export interface LargeStudy {
  studyId: number;
  roundId: number;
  itemVersionIds: number[];
  facilitatorCookie: string;
  panelistCookies: string[];
}

export async function seedLargeStudy(
  url: string,
  opts: { items: number; panelists: number; answerShare: number; slug: string; email?: string; mode?: 'classic' | 'realtime'; criteria?: readonly string[] },
): Promise<LargeStudy> {
  const db: Db = await openDatabase({ url });
  await runMigrations(db);
  const email = opts.email ?? `bench-${opts.slug}@example.org`;
  const { facilitator } = await createFacilitator(db, { email, isAdmin: true, mustChangePassword: false }, null);
  const scale = { min: 1, max: 9, cannotJudge: true, labels: {} };
  // Named criteria (each 1-9, the first a relevance criterion) get the protocol that reads them all.
  const criteria = (opts.criteria ?? []).map((code, i) => ({ code, labels: { en: code }, scale, agree: [7, 9] as [number, number], relevance: i === 0 }));
  const study = await createStudy(
    db,
    {
      slug: opts.slug,
      title: `Benchmark ${opts.slug}`,
      aim: '',
      languages: ['en'],
      attributes: [{ name: 'sector', label: 'Sector', values: SECTORS }],
      scale,
      criteria,
      anonymity: 'quasi',
      minGroupSize: 5,
      withdrawalPolicy: 'keep',
      timeNeededMinutes: 15,
    },
    facilitator.id,
  );
  await importItems(db, study, ['code,text_en', ...Array.from({ length: opts.items }, (_, i) => `B${i},Benchmark statement ${i}`)].join('\n'), facilitator.id);
  const panelistCookies: string[] = [];
  const panelistIds: number[] = [];
  await db.transaction(async (tx) => {
    for (let p = 0; p < opts.panelists; p++) {
      const row = await insertPanelist(tx, {
        studyId: study.id,
        code: `BP${p}`,
        language: 'en',
        attributes: { sector: SECTORS[p % 4] },
        status: 'active',
        tokenHash: null,
      });
      panelistIds.push(row.id);
      const token = newToken();
      await insertSession(tx, {
        tokenHash: hashToken(token),
        kind: 'panelist',
        panelistId: row.id,
        facilitatorId: null,
        expiresAt: '2999-01-01T00:00:00.000Z',
      });
      panelistCookies.push(`delphi_panelist=${token}`);
    }
  });
  const facToken = await facilitatorSessionToken(db, facilitator.id);
  const closesAt = opts.mode === 'realtime' ? new Date(Date.now() + 7 * 86_400_000).toISOString() : undefined;
  const { row: round } = await createRound(
    db,
    study,
    { kind: 'rating', mode: opts.mode, closesAt, instructions: {}, decisions: [], newItems: [] },
    facilitator.id,
  );
  await openRound(db, study, round, facilitator.id, new Date().toISOString());
  const itemVersionIds = (await listRoundItems(db, round.id)).map((r) => r.version.id);
  const rng = mulberry32(99);
  const answers: Parameters<typeof insertResponses>[1] = [];
  const at = new Date().toISOString();
  const codes = criteria.length === 0 ? [''] : criteria.map((c) => c.code);
  for (const [i, v] of itemVersionIds.entries()) {
    for (const [c, criterion] of codes.entries()) {
      const centre = 3 + ((i + c) % 5);
      for (const [p, id] of panelistIds.entries()) {
        if (rng() > opts.answerShare) continue;
        const cannot = rng() < 0.03;
        const value = Math.min(9, Math.max(1, Math.round(centre + (p % 4) * 0.5 * (i % 3) + (rng() - 0.5) * 4)));
        answers.push({
          roundId: round.id,
          panelistId: id,
          itemVersionId: v,
          criterion,
          value: cannot ? null : value,
          cannotJudge: cannot,
          createdAt: at,
          updatedAt: at,
        });
      }
    }
  }
  await db.transaction((tx) => insertResponses(tx, answers));
  await db.close();
  return { studyId: study.id, roundId: round.id, itemVersionIds, facilitatorCookie: `delphi_facilitator=${facToken}`, panelistCookies };
}

/** A facilitator session that never expires, stored directly; returns the cookie's token. */
export async function facilitatorSessionToken(db: Db, facilitatorId: number): Promise<string> {
  const token = newToken();
  await db.transaction((tx) =>
    insertSession(tx, { tokenHash: hashToken(token), kind: 'facilitator', facilitatorId, panelistId: null, expiresAt: '2999-01-01T00:00:00.000Z' }),
  );
  return token;
}
