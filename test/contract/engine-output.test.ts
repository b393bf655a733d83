import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemRoundResultSchema, RoundAnalysisSchema, RoundAnalysisSummarySchema } from '../../api/contract/result';
import { ProtocolSchema } from '../../api/contract/protocol';
import { StudyAttributeSchema, StudyScaleSchema } from '../../api/contract/study';
import { seedDemo } from '../../api/demo/seed-demo';
import { listRoundResults, listRounds } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { analyse } from '../../api/services/round-analysis';
import { analyseRound, presetProtocol, suppressSmallGroups, type Answer } from '../../api/stats';
import { BASE_URL, build, type TestApp } from '../helpers/build';

let t: TestApp;
let studyId: number;
beforeAll(async () => {
  t = await build();
  studyId = (await seedDemo(t.db, BASE_URL))!.studyId;
});
afterAll(() => t.close());

/** Parsing strips keys a schema does not name, so equality with the input proves every key and value is in the contract. */
function expectExactly(schema: { parse: (v: unknown) => unknown }, value: unknown) {
  const plain = JSON.parse(JSON.stringify(value));
  expect(schema.parse(plain)).toEqual(plain);
}

describe('the contract describes what the engine produces', () => {
  it('parses the engine’s analysis of the demo study’s closed round, item by item, with nothing left over', async () => {
    const study = (await findStudy(t.db, studyId))!;
    const closed = (await listRounds(t.db, studyId)).find((r) => r.status === 'closed')!;
    const { analysis } = await analyse(t.db, study, closed);
    expect(analysis.items.length).toBeGreaterThanOrEqual(20);
    // The demo has subgroups, a stability-free first round and RAND blocks: the deep shapes are all exercised.
    expect(analysis.items.some((i) => Object.keys(i.groups).length > 0 && i.rand !== null)).toBe(true);
    expectExactly(RoundAnalysisSchema, analysis);
    for (const item of analysis.items) expectExactly(ItemRoundResultSchema, item);
  });

  it('parses what was frozen at the close: the stored round analysis, every stored result, the study’s JSON columns', async () => {
    const study = (await findStudy(t.db, studyId))!;
    const closed = (await listRounds(t.db, studyId)).find((r) => r.status === 'closed')!;
    expectExactly(RoundAnalysisSummarySchema, closed.analysis);
    for (const row of await listRoundResults(t.db, closed.id)) expectExactly(ItemRoundResultSchema, row.result);
    expectExactly(ProtocolSchema, study.protocol);
    expectExactly(StudyScaleSchema, study.scale);
    for (const a of study.attributes) expectExactly(StudyAttributeSchema, a);
  });

  it('parses a second round with stability measures, and a result with suppressed groups', () => {
    const answers = (shift: number): Answer[] =>
      Array.from({ length: 14 }, (_, i) => ({
        panelist: `p${i}`,
        value: i === 13 ? null : 1 + ((i * 3 + shift) % 9),
        groups: { sector: i < 11 ? 'health' : 'care' },
      }));
    const analysis = analyseRound({
      round: 2,
      scale: { min: 1, max: 9 },
      protocol: presetProtocol('pct75_iqr', { min: 1, max: 9 }),
      dimensions: ['sector'],
      items: [
        { itemId: '7', versionId: '12', nPresented: 15, nInvited: 15, answers: answers(1), previous: { round: 1, versionId: '12', answers: answers(0) } },
      ],
    });
    const [item] = analysis.items;
    expect(item.stability).not.toBeNull();
    expectExactly(RoundAnalysisSchema, analysis);
    const suppressed = suppressSmallGroups(
      item,
      5,
      answers(1).map((a) => a.groups),
    );
    expect(suppressed.groups.sector.perGroup.some((g) => g.suppressed)).toBe(true);
    expectExactly(ItemRoundResultSchema, suppressed);
  });

  it('echoes the study’s protocol lock time in the analysis settings', async () => {
    const study = (await findStudy(t.db, studyId))!;
    const closed = (await listRounds(t.db, studyId)).find((r) => r.status === 'closed')!;
    expect(study.protocolLockedAt).not.toBeNull();
    expect(closed.analysis!.settings.lockedAt).toBe(study.protocolLockedAt);
  });
});
