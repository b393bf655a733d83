import { describe, expect, it } from 'vitest';
import { roundModeBody } from './round-mode';

describe('roundModeBody', () => {
  const now = Date.parse('2026-12-06T08:00:00Z');

  it('sends nothing for a classic round, whatever end was typed', () => {
    expect(roundModeBody({ mode: 'classic', endsAt: '2026-12-01T10:00' }, 'ideas', 'Europe/Paris', now)).toEqual({ body: {} });
  });

  it('sends a real-time round with its end, typed in the study zone, as an instant', () => {
    expect(roundModeBody({ mode: 'realtime', endsAt: '2026-12-13T18:00' }, 'rating', 'Europe/Paris', now)).toEqual({
      body: { mode: 'realtime', closesAt: '2026-12-13T17:00:00.000Z' },
    });
  });

  it('refuses a real-time round without an end', () => {
    expect(roundModeBody({ mode: 'realtime', endsAt: ' ' }, 'rating', 'Europe/London', now)).toEqual({
      error: 'A real-time round needs an end date and time.',
    });
  });

  it('refuses an end that has passed', () => {
    expect(roundModeBody({ mode: 'realtime', endsAt: '2026-12-06T07:59' }, 'rating', 'Europe/London', now)).toEqual({
      error: 'The end must lie in the future.',
    });
  });

  it('refuses a real-time open-ended round', () => {
    expect(roundModeBody({ mode: 'realtime', endsAt: '2026-12-13T18:00' }, 'ideas', 'Europe/London', now)).toEqual({
      error: 'Only a rating round can run in real time.',
    });
  });
});
