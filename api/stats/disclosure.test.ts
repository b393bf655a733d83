import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attack, panelArb, publishWithModule, type Panel } from '../../test/stats/disclosure-adversary';
import { coarsenCombinations, groupsToHide, overallWithheld } from './disclosure';
import type { Answer } from './round-input';

const sorted = (hidden: Record<string, Set<string>>) => Object.fromEntries(Object.entries(hidden).map(([d, s]) => [d, [...s].sort()]));
const answer = (panelist: string, value: number | null, groups: Record<string, string>): Answer => ({ panelist, value, groups });

/** Issue 13 finding 2, first case: health 6, one social-care rating, one voluntary "cannot judge". */
const cannotJudgeCase: Panel = {
  k: 5,
  dimensions: ['sector'],
  answers: [
    ...Array.from({ length: 6 }, (_, i) => answer(`h${i}`, 3, { sector: 'health' })),
    answer('s0', 5, { sector: 'social_care' }),
    answer('v0', null, { sector: 'voluntary' }),
  ],
};

/** Issue 13 finding 2, second case: country=de {5,5,5,9} and role=a {5,5,5} inside it, k = 3. */
const nestedCase: Panel = {
  k: 3,
  scaleMax: 9,
  dimensions: ['country', 'role'],
  answers: [
    ...Array.from({ length: 3 }, (_, i) => answer(`a${i}`, 5, { country: 'de', role: 'a' })),
    answer('b0', 9, { country: 'de', role: 'b' }),
    ...Array.from({ length: 4 }, (_, i) => answer(`f${i}`, 2, { country: 'fr', role: 'b' })),
  ],
};

/** Review counter-example: b3 − (overall − a1 − a2) = the one a1b3 answer, every term published. */
const remainderCase: Panel = {
  k: 3,
  dimensions: ['a', 'b'],
  answers: [
    ...[
      ['a1', 'b1', 2],
      ['a2', 'b1', 2],
      ['a1', 'b2', 2],
      ['a2', 'b2', 2],
      ['a1', 'b3', 1],
      ['a3', 'b3', 2],
    ].flatMap(([a, b, n]) => Array.from({ length: n as number }, (_, i) => answer(`${a}${b}${i}`, 3, { a: a as string, b: b as string }))),
    answer('only-b3', 4, { b: 'b3' }),
  ],
};

describe('groupsToHide', () => {
  it('a group whose only member answered "cannot judge" does not stand in for the complement of a real small group', () => {
    const hidden = groupsToHide(
      cannotJudgeCase.answers.map((a) => a.groups),
      ['sector'],
      5,
    );
    // social_care and voluntary hold 2 answers together: overall − health would give them, so health goes too.
    expect(sorted(hidden)).toEqual({ sector: ['health', 'social_care', 'voluntary'] });
    expect(attack(cannotJudgeCase, publishWithModule)).toBeUndefined();
  });

  it('two shown groups of different attributes, one inside the other, never differ by fewer than k answers', () => {
    const hidden = groupsToHide(
      nestedCase.answers.map((a) => a.groups),
      ['country', 'role'],
      3,
    );
    // de − role=a = one answer: role=a (the smaller) goes; role=b − fr = the same answer: fr goes;
    // role=b − (overall − de) is that answer again, through the remainder of country: de goes too.
    expect(sorted(hidden)).toEqual({ country: ['de', 'fr'], role: ['a'] });
    expect(attack(nestedCase, publishWithModule)).toBeUndefined();
  });

  it("an attribute's remainder cannot be used to isolate a panelist", () => {
    const hidden = groupsToHide(
      remainderCase.answers.map((a) => a.groups),
      ['a', 'b'],
      3,
    );
    expect(hidden.a.has('a3')).toBe(true);
    // Hiding a3 alone leaves b3 − (overall − a1 − a2) = {a1b3}: more must go.
    expect(hidden.a.size + hidden.b.size).toBeGreaterThan(1);
    expect(attack(remainderCase, publishWithModule)).toBeUndefined();
    // The adversary finds the review's subtraction when only a3 is hidden.
    const onlyA3 = attack(remainderCase, (r) => {
      const copy = structuredClone(r);
      for (const g of copy.groups.a.perGroup) if (g.group === 'a3') g.suppressed = true;
      return copy;
    });
    expect(onlyA3?.minus).toContain('overall − a shown');
    expect(onlyA3?.recovered).toEqual(new Map([['3', 1]]));
  });

  it('without protection the adversary recovers both findings (it has teeth)', () => {
    expect(attack(nestedCase, (r) => r)?.recovered).toEqual(new Map([['9', 1]]));
    expect(attack(cannotJudgeCase, (r) => r)?.recovered).toEqual(
      new Map([
        ['5', 1],
        ['cj', 1],
      ]),
    );
  });

  it('counts the answers without a value for an attribute in its complement', () => {
    const members = [...Array.from({ length: 6 }, () => ({ sector: 'health' })), {}];
    expect(sorted(groupsToHide(members, ['sector'], 3))).toEqual({ sector: ['health'] });
    expect(sorted(groupsToHide([...members, {}, {}], ['sector'], 3))).toEqual({ sector: [] });
  });

  it('hides nothing when every group and every complement holds at least k answers', () => {
    const members = [...Array.from({ length: 5 }, () => ({ sector: 'a', role: 'x' })), ...Array.from({ length: 5 }, () => ({ sector: 'b', role: 'y' }))];
    // a and x are the same panelists: their difference is empty, which reveals nothing.
    expect(sorted(groupsToHide(members, ['sector', 'role'], 5))).toEqual({ sector: [], role: [] });
  });

  it('is degenerate-safe: no members, one attribute with one group, k below 2 refused', () => {
    expect(sorted(groupsToHide([], ['sector'], 3))).toEqual({ sector: [] });
    expect(sorted(groupsToHide([{ sector: 'a' }, { sector: 'a' }], ['sector'], 3))).toEqual({ sector: ['a'] });
    expect(() => groupsToHide([], ['sector'], 1)).toThrow(RangeError);
  });
});

describe('the disclosure adversary on random panels', () => {
  it('never recovers a non-empty multiset of fewer than k answers (300 seeded panels)', () => {
    fc.assert(
      fc.property(panelArb, (panel) => {
        const leak = attack(panel, publishWithModule);
        expect(leak, leak && `${leak.from} − ${leak.minus.join(' − ')} = ${JSON.stringify([...leak.recovered])}`).toBeUndefined();
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

describe('coarsenCombinations', () => {
  it('withholds the most finely divided attribute first, until every combination is shared by k', () => {
    const people = [
      ...Array.from({ length: 3 }, (_, i) => ({ sector: 'health', country: ['de', 'fr', 'it'][i] })),
      ...Array.from({ length: 3 }, (_, i) => ({ sector: 'care', country: ['de', 'fr', 'it'][i] })),
    ];
    const out = coarsenCombinations(people, ['sector', 'country'], 3);
    expect(out.shown).toEqual([...Array(3).fill(['health', null]), ...Array(3).fill(['care', null])]);
    expect(out).toMatchObject({ withheld: { sector: 0, country: 6 }, leftOut: 0 });
  });

  it('withholds the smallest other combination too when the fully withheld are fewer than k', () => {
    const people = [...Array(4).fill({ sector: 'a' }), ...Array(3).fill({ sector: 'b' }), { sector: 'c' }];
    const out = coarsenCombinations(people, ['sector'], 3);
    expect(out.shown).toEqual([...Array(4).fill(['a']), ...Array(4).fill([null])]);
    expect(out).toMatchObject({ withheld: { sector: 4 }, leftOut: 0 });
  });

  it('leaves people out only when fewer than k are in the file at all', () => {
    const out = coarsenCombinations([{ sector: 'a' }, { sector: 'b' }], ['sector'], 3);
    expect(out).toEqual({ shown: [null, null], withheld: { sector: 0 }, leftOut: 2 });
  });

  it('publishes only combinations shared by at least k panelists (random panels)', () => {
    fc.assert(
      fc.property(panelArb, ({ answers, dimensions, k }) => {
        const { shown } = coarsenCombinations(
          answers.map((a) => a.groups),
          dimensions,
          k,
        );
        const counts = new Map<string, number>();
        for (const s of shown) if (s) counts.set(JSON.stringify(s), (counts.get(JSON.stringify(s)) ?? 0) + 1);
        for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(k);
      }),
      { seed: 13, numRuns: 200 },
    );
  });
});

describe('overallWithheld', () => {
  it('withholds a panel distribution of fewer than k valid ratings', () => {
    expect([overallWithheld(4, 5), overallWithheld(5, 5), overallWithheld(undefined, 5)]).toEqual([true, false, true]);
  });
});
