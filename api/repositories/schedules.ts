import { and, asc, eq, gte, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rounds } from '../../db/schema';

/** Rounds whose schedule the scheduler has to look at: drafts with an opening time, open rounds. */
export function listScheduledRounds(db: Db) {
  return db
    .select()
    .from(rounds)
    .where(or(and(eq(rounds.status, 'draft'), isNotNull(rounds.opensAt)), eq(rounds.status, 'open')))
    .orderBy(asc(rounds.id))
    .all();
}

/** Rounds opened or closed since `sinceIso`: their notices may still be due. */
export function listRecentlyChangedRounds(db: Db, sinceIso: string) {
  return db
    .select()
    .from(rounds)
    .where(or(gte(rounds.openedAt, sinceIso), gte(rounds.closedAt, sinceIso)))
    .orderBy(asc(rounds.id))
    .all();
}

export function updateRoundSchedule(
  db: Db,
  id: number,
  patch: { opensAt?: string | null; closesAt?: string | null; reminders?: { daysBeforeClose: number }[] },
) {
  return db.update(rounds).set(patch).where(eq(rounds.id, id)).returning().get();
}
