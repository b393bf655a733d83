import type { CreateRound } from '../console/console-api';
import { fromZonedInput } from './zoned-time';
import { t } from '../../i18n/console.svelte';

/** The console's choice between a classic and a real-time round, as typed. */
export interface RoundModeForm {
  mode: 'classic' | 'realtime';
  /** Wall-clock end in the study's zone (datetime-local), used only for a real-time round. */
  endsAt: string;
}

/** What a new round's request says about its mode. */
export type ModeFields = Pick<CreateRound, 'mode' | 'closesAt'>;

/**
 * The mode fields of a new round's request, or why they cannot be sent. A classic round sends
 * nothing (the server's default); a real-time one needs a rating round and an end in the future,
 * which the server also requires, but saying so beside the field spares a round trip.
 */
export function roundModeBody(
  form: RoundModeForm,
  kind: 'rating' | 'ideas',
  timeZone: string,
  now: number = Date.now(),
): { body: ModeFields } | { error: string } {
  if (form.mode === 'classic') return { body: {} };
  if (kind !== 'rating') return { error: t('rounds.mode.ratingOnly') };
  if (!form.endsAt.trim()) return { error: t('rounds.mode.needEnd') };
  const closesAt = fromZonedInput(form.endsAt, timeZone);
  if (closesAt === null) return { error: t('sched.enterDate') };
  if (Date.parse(closesAt) <= now) return { error: t('rounds.mode.endInPast') };
  return { body: { mode: 'realtime', closesAt } };
}
