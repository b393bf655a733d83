import type { RoundRow } from '../repositories/rounds';
import type { Round } from './round';

/**
 * A stored round as the facilitator's API shows it. Beside its schema (not in round.ts, which the
 * UI imports and which must stay free of table types) so routes and services share one mapping.
 */
export function toRound(r: RoundRow, itemCount: number): Round {
  const { id, studyId, number, kind, mode, status, instructions, opensAt, closesAt, openedAt, closedAt } = r;
  return { id, studyId, number, kind, mode, status, instructions, opensAt, closesAt, openedAt, closedAt, itemCount };
}
