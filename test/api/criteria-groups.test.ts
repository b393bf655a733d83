import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv } from '../helpers/build';
import { twoCriteriaStudy } from '../helpers/criteria';
import { htmlText } from '../reports/helpers';
import { signedInAppPerTest } from '../helpers/signed-in-app';

/**
 * Subgroups compared on each criterion, through the close, the results route and the report.
 * Twelve panelists (k = 5), roles alternating operational / strategic. Item 1: everyone rates
 * resonance 8; on importance strategic staff rate 9 and operational staff 2. Item 2: as item 1 on
 * resonance, importance 8, but P1 and P3 (operational) skip importance, leaving 4 operational
 * answers there. Reference: scipy 1.17 mannwhitneyu([9]*6, [2]*6, use_continuity=True,
 * method='asymptotic') gives U 36, p 0.0012619447673879731; Holm over the two items × 2.
 */
const ctx = signedInAppPerTest();
const { call } = ctx;

type Group = { group: string; suppressed: boolean; nValid: number | null };
type Comparison = { p: number | null; pAdjusted: number | null; statistic: number | null; suppressed: boolean; perGroup: Group[] };
type Criterion = { criterion: string; groups?: Record<string, Comparison>; asymmetry?: Record<string, { differs: boolean | null }> };

async function closedStudy() {
  const study = await call('POST', '/api/studies', twoCriteriaStudy());
  expect(study.status).toBe(201);
  await call('POST', `/api/studies/${study.body.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
  const invited = await call('POST', `/api/studies/${study.body.id}/panelists/import`, { csv: panelistsCsv(12) });
  const round = await call('POST', `/api/studies/${study.body.id}/rounds`, {});
  expect((await call('POST', `/api/rounds/${round.body.id}/open`)).status).toBe(200);
  const sessions = await Promise.all(invited.body.invitations.map((i: { link: string }) => panelistSession(ctx.t, i.link)));
  const versions: number[] = (await call('GET', '/api/panelist/round', undefined, sessions[0])).body.items.map(
    (i: { itemVersionId: number }) => i.itemVersionId,
  );
  for (const [p, cookie] of sessions.entries()) {
    const operational = p % 2 === 0;
    const put = (v: number, body: object, key: string) => call('PUT', `/api/panelist/answers/${v}`, body, cookie, { 'idempotency-key': key });
    for (const v of versions) expect((await put(v, { value: 8, criterion: 'resonance' }, `resonance-${p}-${v}`)).status).toBe(200);
    await put(versions[0], { value: operational ? 2 : 9, criterion: 'importance' }, `importance-${p}-1`);
    if (p !== 0 && p !== 2) await put(versions[1], { value: 8, criterion: 'importance' }, `importance-${p}-2`);
  }
  expect((await call('POST', `/api/rounds/${round.body.id}/close`)).status).toBe(200);
  return { studyId: study.body.id as number, roundId: round.body.id as number, versions };
}

describe('subgroup comparisons per criterion over the API', () => {
  it('compares the roles on each criterion, hides a group below k on any criterion on all, and reports each criterion', async () => {
    const { studyId, roundId, versions } = await closedStudy();
    const results = (await call('GET', `/api/rounds/${roundId}/results`)).body;
    const byVersion = new Map(results.items.map((i: { itemVersionId: number; result: { criteria: Criterion[] } }) => [i.itemVersionId, i.result]));
    const [resonance, importance] = (byVersion.get(versions[0]) as { criteria: Criterion[] }).criteria;
    expect(resonance.groups?.role_level).toMatchObject({ p: 1, suppressed: false });
    expect(resonance.asymmetry?.role_level.differs).toBe(false);
    expect([0, 36]).toContain(importance.groups?.role_level.statistic);
    expect(importance.groups?.role_level.p).toBeCloseTo(0.0012619447673879731, 12);
    expect(importance.groups?.role_level.pAdjusted).toBeCloseTo(0.0025238895347759463, 12);
    expect(importance.asymmetry?.role_level.differs).toBe(true);
    expect(results.analysis.headlines).toContainEqual(expect.objectContaining({ criterion: 'importance', dimension: 'role_level', differs: true }));

    // Item 2: 6 operational answers on resonance, 4 on importance: hidden on both.
    for (const c of (byVersion.get(versions[1]) as { criteria: Criterion[] }).criteria) {
      expect(
        c.groups?.role_level.perGroup.find((g) => g.group === 'operational'),
        c.criterion,
      ).toMatchObject({ suppressed: true, nValid: null });
      expect(c.groups?.role_level.p, c.criterion).toBeNull();
    }

    const report = htmlText((await ctx.t.app.inject({ url: `/api/studies/${studyId}/report.html`, headers: { cookie: ctx.fac } })).body);
    expect(report).toContain('Round 1: “This asymmetry resonates with my experience”');
    expect(report).toContain('Round 1: “Reducing it matters for integrated care”');
  });

  it('re-imports a study file frozen before groups were compared per criterion with identical results', async () => {
    const { studyId } = await closedStudy();
    const file = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    type Stored = { result: { criteria: Criterion[] } };
    expect((file.results as Stored[]).every((r) => r.result.criteria[1].groups !== undefined)).toBe(true);
    for (const r of file.results as Stored[])
      for (const c of r.result.criteria) {
        delete c.groups;
        delete c.asymmetry;
      }
    for (const round of file.rounds as { analysis: { criterionFamilies?: unknown; headlines: { criterion?: string }[] } | null }[]) {
      if (!round.analysis) continue;
      delete round.analysis.criterionFamilies;
      round.analysis.headlines = round.analysis.headlines.filter((h) => h.criterion === undefined);
    }
    const imported = await call('POST', '/api/studies/import', { ...file, study: { ...file.study, slug: 'frozen-before' } });
    expect(imported.status).toBe(201);
    expect(imported.body.verification).toMatchObject({ roundsChecked: 1, itemsChecked: 2, identical: true, differences: [] });
  });
});
