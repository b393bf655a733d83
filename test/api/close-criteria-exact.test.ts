import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { insertResponses } from '../../api/repositories/imports';
import { insertPanelist, listPanelists, updatePanelist, type PanelistRow } from '../../api/repositories/panelists';
import { listResponsesForRound } from '../../api/repositories/responses';
import { findRound, listRoundItems, listRoundResults, type RoundRow } from '../../api/repositories/rounds';
import { findStudy, type StudyRow } from '../../api/repositories/studies';
import { criterionInputs } from '../../api/services/criteria';
import { createFacilitator } from '../../api/services/facilitator-service';
import { buildAnalysisInput } from '../../api/services/round-analysis';
import { closeRound, createRound, openRound } from '../../api/services/round-service';
import { createStudy, importItems } from '../../api/services/study-service';
import { analyseRound, defaultProtocol, mulberry32, roundAttrition, type Answer, type RoundAnalysisInput } from '../../api/stats';
import { freshDatabase } from '../helpers/build';

/**
 * A close of a round rated on two criteria gives exactly what an independent reading gives: the
 * answers read row by row through the ORM, and each criterion analysed on its own as a study with
 * that one criterion. Two rounds of 16 items × 72 panelists on a 4-point relevance criterion and
 * a 9-point importance criterion, two attributes (one missing for some panelists), skipped items,
 * "cannot judge", answers on one criterion only, a withdrawn panelist whose answers are kept and
 * panelists who leave after round 1, so the stability, attrition and content-validity parts and
 * the per-criterion group tests all have data. The close reads its answers in its own way for
 * speed; this holds it to the meaning.
 */
let db: Db | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const SECTORS = ['health', 'social_care', 'voluntary'];
const relevance = {
  code: 'relevance',
  labels: { en: 'Relevant' },
  scale: { min: 1, max: 4, cannotJudge: true, labels: {} },
  agree: [3, 4] as [number, number],
  relevance: true,
};
const importance = {
  code: 'importance',
  labels: { en: 'Important' },
  scale: { min: 1, max: 9, cannotJudge: true, labels: {} },
  agree: [7, 9] as [number, number],
  relevance: false,
};

async function seededStudy(d: Db) {
  const { facilitator } = await createFacilitator(d, { email: 'exact@example.org', isAdmin: false, mustChangePassword: false }, null);
  const created = await createStudy(
    d,
    {
      slug: 'exact',
      title: 'Exact close',
      aim: '',
      languages: ['en'],
      attributes: [
        { name: 'sector', label: 'Sector', values: SECTORS },
        { name: 'role', label: 'Role', values: ['operational', 'strategic'] },
      ],
      scale: relevance.scale,
      criteria: [relevance, importance],
      protocol: {
        ...defaultProtocol(relevance.scale),
        rules: [{ outcome: 'consensus_in', when: 'relevance.pct_agree >= 80 AND importance.median >= 7' }],
        stability: { when: 'round >= 2 AND all_criteria(change_pct < 15)' },
      },
      anonymity: 'quasi',
      minGroupSize: 5,
      withdrawalPolicy: 'keep',
      timeNeededMinutes: 15,
    },
    facilitator.id,
  );
  const csv = ['code,category,text_en', ...Array.from({ length: 16 }, (_, i) => `E${i},${i % 3 === 0 ? 'A' : 'B'},Statement ${i}`)].join('\n');
  await importItems(d, created, csv, facilitator.id, { createCategories: true });
  const panelists: PanelistRow[] = [];
  for (let p = 0; p < 72; p++) {
    // Every eleventh panelist has no role: in the sector groups, in no role group.
    const attributes: Record<string, string> =
      p % 11 === 0 ? { sector: SECTORS[p % 3] } : { sector: SECTORS[p % 3], role: p % 2 ? 'strategic' : 'operational' };
    panelists.push(
      await d.transaction((tx) => insertPanelist(tx, { studyId: created.id, code: `X${p}`, language: 'en', attributes, status: 'active', tokenHash: null })),
    );
  }
  const rng = mulberry32(7);
  const answerRound = async (round: RoundRow, who: (p: number) => boolean) => {
    const at = new Date().toISOString();
    const rows: Parameters<typeof insertResponses>[1] = [];
    for (const [i, { version }] of (await listRoundItems(d, round.id)).entries()) {
      for (const [p, panelist] of panelists.entries()) {
        if (!who(p)) continue;
        for (const c of [relevance, importance]) {
          if (rng() < 0.08) continue;
          // Item i leans by role and sector, differently on each criterion, so some group tests find a difference.
          const lean = c === relevance ? (p % 2) * (i % 3) * 0.4 : (p % 3) * ((i + 1) % 4) * 0.6;
          const centre = c.scale.min + ((i * 5 + round.number) % (c.scale.max - c.scale.min + 1)) + lean;
          const value = Math.min(c.scale.max, Math.max(c.scale.min, Math.round(centre + (rng() - 0.5) * 3)));
          const cannot = rng() < 0.04;
          rows.push({
            roundId: round.id,
            panelistId: panelist.id,
            itemVersionId: version.id,
            criterion: c.code,
            value: cannot ? null : value,
            cannotJudge: cannot,
            createdAt: at,
            updatedAt: at,
          });
        }
      }
    }
    await d.transaction((tx) => insertResponses(tx, rows));
  };
  const study = async () => (await findStudy(d, created.id)) as StudyRow;
  const { row: first } = await createRound(d, await study(), { kind: 'rating', instructions: {}, decisions: [], newItems: [] }, facilitator.id);
  await openRound(d, await study(), first, facilitator.id, new Date().toISOString());
  await answerRound(first, () => true);
  await closeRound(d, await study(), first, facilitator.id, new Date().toISOString());
  // P3 withdraws after round 1 (answers kept); every fifth panelist leaves.
  await d.transaction((tx) => updatePanelist(tx, panelists[3].id, { status: 'withdrawn' }));
  const { row: second } = await createRound(d, await study(), { kind: 'rating', instructions: {}, decisions: [], newItems: [] }, facilitator.id);
  await openRound(d, await study(), second, facilitator.id, new Date().toISOString());
  await answerRound(second, (p) => p % 5 !== 0 && p !== 3);
  await closeRound(d, await study(), second, facilitator.id, new Date().toISOString());
  return { study: await study(), first: (await findRound(d, first.id)) as RoundRow, second: (await findRound(d, second.id)) as RoundRow };
}

/** The round's answers read row by row, in the order they were stored, each on its criterion. */
async function answersRowByRow(d: Db, roundId: number) {
  const attributes = new Map((await listPanelists(d, (await findRound(d, roundId))!.studyId)).map((p) => [p.id, p.attributes]));
  const byVersion = new Map<number, Answer[]>();
  for (const r of await listResponsesForRound(d, roundId)) {
    const list = byVersion.get(r.itemVersionId) ?? [];
    list.push({ panelist: String(r.panelistId), value: r.cannotJudge ? null : r.value, groups: attributes.get(r.panelistId)!, criterion: r.criterion });
    byVersion.set(r.itemVersionId, list);
  }
  return byVersion;
}

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const byPanelist = (answers: readonly Answer[]) =>
  [...answers].sort((a, b) => Number(a.panelist) - Number(b.panelist) || String(a.criterion).localeCompare(String(b.criterion)));

describe('the close of a round rated on two criteria', () => {
  it('stores what the engine gives on the answers read row by row', async () => {
    db = await freshDatabase();
    const { study, first, second } = await seededStudy(db);
    const { input } = await buildAnalysisInput(db, study, second);
    const current = await answersRowByRow(db, second.id);
    const before = await answersRowByRow(db, first.id);
    const panel = await listPanelists(db, study.id);
    const answered = new Set([...current.values()].flat().map((a) => Number(a.panelist)));
    const eligible = panel.filter((p) => p.status !== 'withdrawn' || answered.has(p.id)).length;
    expect(eligible).toBe(72 - 1);
    const reference: RoundAnalysisInput = {
      ...input,
      items: input.items.map((item) => {
        const v = Number(item.versionId);
        expect(byPanelist(item.answers)).toEqual(byPanelist(current.get(v) ?? []));
        expect(item.nPresented).toBe(eligible);
        expect(item.previous?.answers && byPanelist(item.previous.answers)).toEqual(byPanelist(before.get(v) ?? []));
        return { ...item, answers: current.get(v) ?? [], ...(item.previous ? { previous: { ...item.previous, answers: before.get(v) ?? [] } } : {}) };
      }),
    };
    expect(reference.items.length).toBeGreaterThan(4);
    expect(reference.items.every((i) => i.previous !== undefined)).toBe(true);
    const expected = json(analyseRound(reference));
    const stored = await listRoundResults(db, second.id);
    expect(stored.map((r) => r.result)).toEqual(expected.items);
    const { items: _items, ...meta } = expected;
    const analysis = (await findRound(db, second.id))!.analysis as Record<string, unknown>;
    expect({ ...analysis, attrition: undefined }).toEqual({ ...meta, attrition: undefined });

    // Attrition of round 1 per criterion: stayers answered anything in round 2.
    const firstItems = await listRoundItems(db, first.id);
    const stayed = new Set([...answered].map(String));
    const attrition = analysis.attrition as { fromRound: number; criteria: { criterion: string; m: number; items: { attrition: unknown }[] }[] };
    expect(attrition.fromRound).toBe(1);
    for (const [c, code] of ['relevance', 'importance'].entries()) {
      const rows = firstItems.map((r) =>
        (before.get(r.version.id) ?? []).filter((a) => a.criterion === code).map((a) => ({ panelist: a.panelist, value: a.value })),
      );
      const expectedAttrition = json(roundAttrition(rows, stayed));
      expect(attrition.criteria[c]).toMatchObject({ criterion: code, m: expectedAttrition.m });
      expect(attrition.criteria[c].items.map((i) => i.attrition)).toEqual(expectedAttrition.items);
      expect(expectedAttrition.m).toBeGreaterThan(0);
    }
  });

  it('gives each criterion the statistics, group tests and content validity it has as the only criterion of a study', async () => {
    db = await freshDatabase();
    const { study, first, second } = await seededStudy(db);
    const current = await answersRowByRow(db, second.id);
    const before = await answersRowByRow(db, first.id);
    const { input } = await buildAnalysisInput(db, study, second);
    const stored = (await listRoundResults(db, second.id)).map((r) => r.result);
    const analysis = (await findRound(db, second.id))!.analysis as Record<string, unknown>;
    let differing = 0;
    for (const [c, criterion] of criterionInputs(study)!.entries()) {
      const only = (answers: readonly Answer[]) => answers.filter((a) => a.criterion === criterion.code);
      const alone = analyseRound({
        ...input,
        scale: criterion.scale,
        protocol: { ...defaultProtocol(criterion.scale), bands: { agree: [...criterion.bands.agree], disagree: [...criterion.bands.disagree] } },
        criteria: [criterion],
        items: input.items.map((item) => ({
          ...item,
          answers: only(current.get(Number(item.versionId)) ?? []),
          previous: { ...item.previous!, answers: only(before.get(Number(item.versionId)) ?? []) },
        })),
      });
      const expected = json(alone);
      for (const [i, result] of stored.entries()) {
        const mine = result.criteria![c];
        const theirs = expected.items[i].criteria![0];
        expect(mine.criterion).toBe(criterion.code);
        expect({ ...mine, groups: undefined, asymmetry: undefined }).toEqual({ ...theirs, groups: undefined, asymmetry: undefined });
        for (const dimension of ['sector', 'role']) {
          // Each group's verdict reads both criteria, so only the comparison and the figures must agree.
          const figures = (g: Record<string, unknown>) => ({ ...g, outcome: undefined, decidedBy: undefined, ruleIndex: undefined, guard: undefined });
          const { perGroup, ...test } = mine.groups![dimension];
          const { perGroup: alonePerGroup, ...aloneTest } = expected.items[i].groups[dimension];
          expect(test).toEqual(aloneTest);
          expect(perGroup.map(figures)).toEqual(alonePerGroup.map(figures));
          if (test.pAdjusted !== null && test.pAdjusted < 0.05) differing++;
        }
      }
      const families = c === 0 ? analysis.families : (analysis.criterionFamilies as Record<string, unknown>)[criterion.code];
      expect(families).toEqual(expected.families);
      if (criterion.relevant !== null) {
        expect((analysis.contentValidity as unknown[])[0]).toEqual(expected.contentValidity![0]);
      }
    }
    expect(differing).toBeGreaterThan(0);
  });
});
