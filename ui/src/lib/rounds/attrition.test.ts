import { describe, expect, it } from 'vitest';
import { attritionRows, ATTRITION_GAP } from './attrition';

const rates = (invited: number, responded: number) => ({
  invited,
  responded,
  completed: responded,
  responseRate: invited === 0 ? null : responded / invited,
  remindersSent: 0,
  panelistsReminded: 0,
  optedOut: 0,
  suppressed: false,
});

describe('attritionRows', () => {
  it('has nothing to show without attributes', () => {
    expect(attritionRows({})).toEqual([]);
  });

  it('flags a group trailing the best one by the threshold or more', () => {
    const [sector] = attritionRows({ sector: { health: rates(10, 9), social_care: rates(10, 4) } });
    expect(sector.attribute).toBe('sector');
    expect(sector.differential).toBe(true);
    expect(sector.rows.map((r) => [r.group, r.gap, r.lagging])).toEqual([
      ['health', 0, false],
      ['social_care', 50, true],
    ]);
  });

  it('does not flag a gap just under the threshold', () => {
    const [a] = attritionRows({ a: { x: rates(100, 80), y: rates(100, 80 - ATTRITION_GAP + 1) } });
    expect(a.differential).toBe(false);
    expect(a.rows[1].gap).toBe(ATTRITION_GAP - 1);
  });

  it('flags a gap exactly at the threshold', () => {
    const [a] = attritionRows({ a: { x: rates(100, 80), y: rates(100, 80 - ATTRITION_GAP) } });
    expect(a.rows[1].lagging).toBe(true);
  });

  it('gives groups with nobody invited no rate and no flag', () => {
    const [a] = attritionRows({ a: { x: rates(0, 0), y: rates(5, 0) } });
    expect(a.rows.map((r) => [r.gap, r.lagging])).toEqual([
      [null, false],
      [0, false],
    ]);
  });

  it('treats a single group as never trailing', () => {
    expect(attritionRows({ a: { only: rates(4, 1) } })[0].differential).toBe(false);
  });

  it('leaves a group hidden to protect small groups out of the comparison', () => {
    const hidden = {
      ...rates(0, 0),
      invited: null,
      responded: null,
      completed: null,
      remindersSent: null,
      panelistsReminded: null,
      optedOut: null,
      suppressed: true,
    };
    const [a] = attritionRows({ a: { x: rates(10, 9), y: hidden } });
    expect(a.rows.map((r) => [r.group, r.gap, r.lagging])).toEqual([
      ['x', 0, false],
      ['y', null, false],
    ]);
  });
});
