import { describe, expect, it } from 'vitest';
import { listPanelists } from '../../api/repositories/panelists';
import { findRound, listRoundResults } from '../../api/repositories/rounds';
import { findStudy } from '../../api/repositories/studies';
import { saveAnswer } from '../../api/services/response-service';
import { saveBlockAnswers } from '../../api/services/block-answer-service';
import { listBlockResults } from '../../api/repositories/blocks';
import { closeRound } from '../../api/services/round-service';
import { itemsCsv, panelistsCsv, signedInFacilitator, studyBody } from '../helpers/build';
import { appPerTest } from '../helpers/signed-in-app';
import type { Db } from '../../db/client';

/**
 * A save and a close that overlap, made to overlap on purpose: the save's transaction is held
 * open after it has stored the answer. The close must wait for it, so the answer the save
 * acknowledges is in the frozen results (SQLite: one writer at a time; PostgreSQL: the save's
 * share lock on the round row).
 */
const ctx = appPerTest();

/** A study with `items` items and three panelists, its first round prepared by `prepare` (blocks) and opened. */
async function openRound(items: number, prepare: (post: Post, roundId: number) => Promise<unknown> = async () => {}) {
  const { cookie } = await signedInFacilitator(ctx.t);
  const post: Post = (url, payload) => ctx.t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } }).then((r) => r.json());
  const created = await post('/api/studies', studyBody);
  await post(`/api/studies/${created.id}/items/import`, { createCategories: true, csv: itemsCsv(items) });
  await post(`/api/studies/${created.id}/panelists/import`, { csv: panelistsCsv(3) });
  const round = await post(`/api/studies/${created.id}/rounds`, {});
  await prepare(post, round.id);
  await post(`/api/rounds/${round.id}/open`);
  const study = (await findStudy(ctx.t.db, created.id))!;
  const [panelist] = await listPanelists(ctx.t.db, study.id);
  return { study, panelist, round: (await findRound(ctx.t.db, round.id))! };
}
type Post = (url: string, payload?: unknown) => Promise<{ id: number }>;

/**
 * Holds `save`'s transaction open once it has stored, starts the close meanwhile, and checks that
 * the close has not gone ahead 300 ms later, and that the save then commits and the close ends.
 */
async function expectCloseToWaitFor(what: string, round: Awaited<ReturnType<typeof openRound>>, save: (tx: Db) => Promise<{ outcome: string }>) {
  let stored!: () => void;
  const answerStored = new Promise<void>((r) => (stored = r));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const saving = ctx.t.db.transaction(async (tx) => {
    const saved = await save(tx);
    stored();
    await gate;
    return saved;
  });
  await answerStored;

  let closed = false;
  const closing = closeRound(ctx.t.db, round.study, round.round, null, new Date().toISOString()).then(() => (closed = true));
  await new Promise((r) => setTimeout(r, 300));
  const closedTooEarly = closed;
  release();
  expect(closedTooEarly, `the close went ahead while ${what} was still in progress`).toBe(false);

  expect((await saving).outcome).toBe('saved');
  await closing;
}

describe('a save and a close at the same moment', () => {
  it('closes only after the save in progress commits, and freezes its answer', async () => {
    const opened = await openRound(2);
    const versionId = (
      await ctx.t.db.raw<{ item_version_id: number }>('select item_version_id from round_items where round_id = ? order by position', [opened.round.id])
    )[0].item_version_id;
    await expectCloseToWaitFor('a save', opened, (tx) =>
      saveAnswer(tx, { panelist: opened.panelist }, versionId, { value: 7, cannotJudge: false, comment: null }, 'held-open-save', new Date().toISOString()),
    );
    const frozen = (await listRoundResults(ctx.t.db, opened.round.id)).find((r) => r.itemVersionId === versionId)!;
    expect((frozen.result as { stats: { nValid: number } }).stats.nValid).toBe(1);
  });

  it('closes only after a block save in progress commits, and freezes its ranking', async () => {
    let blockId = 0;
    const opened = await openRound(3, async (post, roundId) => {
      blockId = (await post(`/api/rounds/${roundId}/blocks`, { kind: 'ranking', config: { items: ['I1', 'I2', 'I3'] } })).id;
    });
    const answers = ['I3', 'I1', 'I2'].map((subject, i) => ({ subject, value: i + 1, cannotJudge: false }));
    await expectCloseToWaitFor('a block save', opened, (tx) =>
      saveBlockAnswers(tx, opened.panelist, blockId, { answers }, 'held-open-block-save', new Date().toISOString()),
    );
    const frozen = (await listBlockResults(ctx.t.db, [blockId])).get(blockId) as { overall: { m: number }; ranked: { meanRank: number }[] };
    expect(frozen.overall.m).toBe(1);
    expect(frozen.ranked.map((r) => r.meanRank)).toEqual([2, 3, 1]);
  });
});
