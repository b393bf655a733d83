/** Properties that must hold for any data, checked with fast-check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyseRound,
  benjaminiHochberg,
  defaultBands,
  defaultProtocol,
  describeRatings,
  holm,
  kendallW,
  kruskalWallis,
  mannWhitney,
  mcnemar,
  midranks,
  wilcoxonSignedRank,
  type Answer,
  type QuantileMethod,
} from '../../api/stats';

const scaleArb = fc.constantFrom(5, 7, 9).map((max) => ({ min: 1, max }));
const ratingsOn = (max: number, minLength = 0, maxLength = 40) => fc.array(fc.integer({ min: 1, max }), { minLength, maxLength });
const methodArb = fc.constantFrom<QuantileMethod>('hf7', 'hf6');
const inUnit = (p: number | null) => p === null || (p >= 0 && p <= 1);

/** A panel: ratings (null = cannot judge) with a sector each, for a scale. */
const panelArb = scaleArb.chain((scale) =>
  fc
    .array(fc.record({ value: fc.option(fc.integer({ min: 1, max: scale.max }), { freq: 8 }), sector: fc.constantFrom('a', 'b', 'c') }), { maxLength: 40 })
    .map((rows) => ({ scale, answers: rows.map((r, i): Answer => ({ panelist: `p${i}`, value: r.value, groups: { sector: r.sector } })) })),
);

function analyse(scale: { min: number; max: number }, current: Answer[], previous: Answer[], method: QuantileMethod = 'hf7') {
  return analyseRound({
    round: 2,
    scale,
    protocol: { ...defaultProtocol(scale), quantileMethod: method },
    dimensions: ['sector'],
    items: [
      { itemId: 'i', versionId: 'v', nPresented: current.length, answers: current, previous: { round: 1, versionId: 'v', answers: previous } },
      { itemId: 'j', versionId: 'w', nPresented: previous.length, answers: previous },
    ],
  });
}

describe('properties', () => {
  it('results do not depend on row order', async () => {
    fc.assert(
      fc.property(panelArb, fc.integer(), methodArb, ({ scale, answers }, seed, method) => {
        const shuffled = [...answers];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const previous = answers.map((a) => ({ ...a, value: a.value === null ? null : Math.max(1, a.value - 1) }));
        expect(analyse(scale, shuffled, [...previous].reverse(), method)).toEqual(analyse(scale, answers, previous, method));
      }),
      { numRuns: 150 },
    );
  });

  it('median lies within [min, max], Q1 <= median <= Q3 and IQR >= 0, under both methods', () => {
    fc.assert(
      fc.property(
        scaleArb.chain((scale) => fc.tuple(fc.constant(scale), ratingsOn(scale.max, 1))),
        methodArb,
        ([scale, ratings], method) => {
          const d = describeRatings(ratings, {
            scale,
            bands: defaultBands(scale),
            quantileMethod: method,
            noOpinionPolicy: 'exclude',
            nNoOpinion: 0,
            nSkipped: 0,
          });
          const median = d.median as number;
          expect(median).toBeGreaterThanOrEqual(Math.min(...ratings));
          expect(median).toBeLessThanOrEqual(Math.max(...ratings));
          expect(d.q1 as number).toBeLessThanOrEqual(median);
          expect(median).toBeLessThanOrEqual(d.q3 as number);
          expect(d.iqr as number).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('adding a "cannot judge" changes no rating statistic', () => {
    fc.assert(
      fc.property(
        scaleArb.chain((scale) => fc.tuple(fc.constant(scale), ratingsOn(scale.max))),
        fc.integer({ min: 1, max: 5 }),
        ([scale, ratings], extra) => {
          const describeWith = (nNoOpinion: number) =>
            describeRatings(ratings, { scale, bands: defaultBands(scale), quantileMethod: 'hf7', noOpinionPolicy: 'exclude', nNoOpinion, nSkipped: 0 });
          const { nNoOpinion: _a, noOpinionShare: _b, ...before } = describeWith(0);
          const { nNoOpinion: _c, noOpinionShare: _d, ...after } = describeWith(extra);
          expect(after).toEqual(before);
        },
      ),
    );
  });

  it('0 <= W <= 1 and its p-values lie in [0, 1]', () => {
    const rankings = fc
      .tuple(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 2, max: 7 }))
      .chain(([m, n]) => fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }));
    fc.assert(
      fc.property(rankings, (scores) => {
        const r = kendallW(
          scores.map((row) => midranks(row)),
          { permutations: 199 },
        );
        if (r.w !== null) {
          expect(r.w).toBeGreaterThanOrEqual(-1e-12);
          expect(r.w).toBeLessThanOrEqual(1 + 1e-12);
        }
        expect(inUnit(r.p)).toBe(true);
        expect(inUnit(r.permutationP)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('every p-value lies in [0, 1]', async () => {
    const sample = fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, sample, (x, y, z) => {
        expect(inUnit(mannWhitney(x, y).p)).toBe(true);
        expect(inUnit(kruskalWallis([x, y, z]).p)).toBe(true);
        const n = Math.min(x.length, y.length);
        expect(inUnit(wilcoxonSignedRank(x.slice(0, n), y.slice(0, n)).p)).toBe(true);
        const m = mcnemar(
          x.slice(0, n).map((v) => v > 5),
          y.slice(0, n).map((v) => v > 5),
        );
        for (const p of [m.pExact, m.pChi2, m.pChi2Corrected]) expect(inUnit(p)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(panelArb, ({ scale, answers }) => {
        const result = analyse(scale, answers, answers.slice(0, answers.length >> 1));
        for (const item of result.items) {
          const g = item.groups.sector;
          expect(inUnit(g.p) && inUnit(g.pAdjusted)).toBe(true);
          if (item.stability) expect(inUnit(item.stability.wilcoxon.p) && inUnit(item.stability.mcnemar.pExact)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('Holm- and BH-adjusted p are >= the raw p, <= 1, and monotone in the raw p', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 6 }), { maxLength: 30 }), (p) => {
        for (const adjusted of [holm(p), benjaminiHochberg(p)]) {
          p.forEach((raw, i) => {
            if (raw === null) return expect(adjusted[i]).toBeNull();
            expect(adjusted[i] as number).toBeGreaterThanOrEqual(raw);
            expect(adjusted[i] as number).toBeLessThanOrEqual(1);
            p.forEach((other, j) => {
              if (other !== null && raw <= other) expect(adjusted[i] as number).toBeLessThanOrEqual(adjusted[j] as number);
            });
          });
        }
      }),
    );
  });
});
