import { and, asc, eq, gte, isNotNull, or } from 'drizzle-orm';
import { one, type Db } from '../../db/client';

/** Rounds whose schedule the scheduler has to look at: drafts with an opening time, open rounds. */
export async function listScheduledRounds(db: Db) {
  const { rounds } = db.t;
  return await db.orm
    .select()
    .from(rounds)
    .where(or(and(eq(rounds.status, 'draft'), isNotNull(rounds.opensAt)), eq(rounds.status, 'open')))
    .orderBy(asc(rounds.id));
}

/** Rounds opened or closed since `sinceIso`: their notices may still be due. */
export async function listRecentlyChangedRounds(db: Db, sinceIso: string) {
  const { rounds } = db.t;
  return await db.orm
    .select()
    .from(rounds)
    .where(or(gte(rounds.openedAt, sinceIso), gte(rounds.closedAt, sinceIso)))
    .orderBy(asc(rounds.id));
}

export async function updateRoundSchedule(
  db: Db,
  id: number,
  patch: { opensAt?: string | null; closesAt?: string | null; reminders?: { daysBeforeClose: number }[] },
) {
  const { rounds } = db.t;
  return one(await db.orm.update(rounds).set(patch).where(eq(rounds.id, id)).returning());
}
