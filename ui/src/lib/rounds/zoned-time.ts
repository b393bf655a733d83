/**
 * Wall-clock times in the study's time zone, as a <input type="datetime-local"> holds them
 * ("2026-03-02T17:00"), to and from instants. The facilitator may sit in another zone than
 * the study, so the browser's own zone is never used.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour % 24, minute: +parts.minute, second: +parts.second };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

const DAY = 24 * 60 * 60 * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The instant as the zone's wall clock, for a datetime-local input; '' for none. */
export function toZonedInput(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant (ISO 8601, UTC) at which the zone's clock shows this wall-clock time; null for an
 * empty or malformed value. In the repeated hour when clocks go back, the first of the two; in the
 * hour skipped when they go forward, the time is read with the offset before the change (so 01:30
 * on the night London skips from 01:00 to 02:00 is 02:30 BST).
 */
export function fromZonedInput(local: string, timeZone: string): string | null {
  const value = local.trim();
  const m = LOCAL.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc) || toZonedInput(new Date(asUtc).toISOString(), 'UTC') !== value) return null;
  // Offsets change at most once in any 48 hours, so the offsets a day either side cover both readings.
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const matching = [asUtc - before, asUtc - after].filter((ms) => toZonedInput(new Date(ms).toISOString(), timeZone) === value);
  const ms = matching.length > 0 ? Math.min(...matching) : asUtc - before;
  return new Date(ms).toISOString();
}

/** The zone's short name at an instant, e.g. "GMT", "BST", "CET" or "GMT+2". */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}
