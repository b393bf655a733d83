import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, panelistsCsv, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';
import { htmlText } from './helpers';

/** Merge, split and the stopping rule as planner decisions, and where the report and the study file show them. */
const ctx = signedInAppPerTest();
const { call } = ctx;

/** A study whose round 1 (n items, 3 panelists rating `values`) is closed; optionally with a stopping rule. */
async function closedRound(n: number, values: number[], stopItemWhen?: string) {
  const s = (await call('POST', '/api/studies', { ...studyBody, minGroupSize: 3 })).body;
  if (stopItemWhen) {
    const study = (await call('GET', `/api/studies/${s.id}`)).body;
    expect((await call('PUT', `/api/studies/${s.id}/protocol`, { ...study.protocol, stopItemWhen })).status).toBe(200);
  }
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(n) });
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelistsCsv(3) })).body;
  const r = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
  await call('POST', `/api/rounds/${r.id}/open`);
  for (const [i, inv] of (invitations as { link: string }[]).entries()) {
    const cookie = await panelistSession(ctx.t, inv.link);
    for (const it of (await call('GET', '/api/panelist/round', undefined, cookie)).body.items) {
      const res = await call('PUT', `/api/panelist/answers/${it.itemVersionId}`, { value: values[i], comment: `comment ${i}` }, cookie, {
        'idempotency-key': `merge-split-${i}-${it.itemVersionId}`,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }
  await call('POST', `/api/rounds/${r.id}/close`);
  const items = (await call('GET', `/api/studies/${s.id}/items`)).body as { id: number; code: string; versionId: number }[];
  const id = (code: string) => items.find((i) => i.code === code)!.id;
  return { studyId: s.id as number, roundId: r.id as number, id };
}

const report = async (studyId: number) =>
  htmlText((await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/report.html`, headers: { cookie: ctx.fac } })).body);

describe('merge and split between rounds', () => {
  it('replaces merged and split items by new ones that name where they came from, in the API, the report and the study file', async () => {
    const { studyId, roundId, id } = await closedRound(4, [7, 8, 9]);
    const comments = (await call('GET', `/api/rounds/${roundId}/comments`)).body.comments as { responseId: number; itemVersionId: number }[];
    const planned = await call('POST', `/api/studies/${studyId}/rounds`, {
      decisions: [{ itemId: id('I4'), action: 'carry' }],
      merges: [
        {
          itemIds: [id('I1'), id('I2')],
          code: 'M1',
          texts: { en: 'Both statements as one' },
          reason: 'they overlap',
          sourceResponseIds: [comments[0].responseId],
        },
      ],
      splits: [
        {
          itemId: id('I3'),
          into: [
            { code: 'S1', texts: { en: 'First half' } },
            { code: 'S2', texts: { en: 'Second half' } },
          ],
          reason: 'two ideas in one',
        },
      ],
    });
    expect(planned.status).toBe(201);
    expect(planned.body.itemCount).toBe(4);

    const items = (await call('GET', `/api/studies/${studyId}/items`)).body as { id: number; code: string; status: string }[];
    const code = (itemId: number) => items.find((i) => i.id === itemId)!.code;
    expect(items.filter((i) => ['I1', 'I2', 'I3'].includes(i.code)).map((i) => i.status)).toEqual(['dropped', 'dropped', 'dropped']);
    const flow = (await call('GET', `/api/studies/${studyId}/item-flow`)).body as { itemId: number; action: string; linkedItemIds: number[] }[];
    const lineage = flow.filter((d) => d.linkedItemIds.length > 0).map((d) => [code(d.itemId), d.action, d.linkedItemIds.map(code).join('+')]);
    expect(lineage.sort()).toEqual(
      [
        ['I1', 'merge', 'M1'],
        ['I2', 'merge', 'M1'],
        ['I3', 'split', 'S1+S2'],
        ['M1', 'merged', 'I1+I2'],
        ['S1', 'split_off', 'I3'],
        ['S2', 'split_off', 'I3'],
      ].sort(),
    );

    const text = await report(studyId);
    // The item-flow row of round 2: carried 1, reworded 0, added 0, dropped 0, retired 0, merged 2 into 1, split 1 into 2, identities hold.
    expect(text).toMatch(/2 into 1\s+1 into 2\s+yes/);
    expect(text).toContain('merged into M1');
    expect(text).toContain('split into S1, S2');
    expect(text).toContain('made by merging I1, I2: they overlap');
    expect(text).toContain('split from I3: two ideas in one');
    expect(text).not.toMatch(/presented ≠/);
    // Decisions read as words; the codes stay in the data files.
    expect(text).not.toMatch(/\bsplit_off\b|linkedItemIds/);

    const file = (await call('GET', `/api/studies/${studyId}/export.json`)).body;
    const linked = (file.itemFlow as { item: string; action: string; linked?: string[] }[]).filter((d) => d.linked).map((d) => [d.item, d.action, d.linked]);
    expect(linked).toContainEqual(['M1', 'merged', ['I1', 'I2']]);
    expect(linked).toContainEqual(['I3', 'split', ['S1', 'S2']]);
    const m1 = (file.items as { code: string; versions: { promptedByComments: number }[] }[]).find((i) => i.code === 'M1')!;
    expect(m1.versions[0].promptedByComments).toBe(1);
  });

  it('tells an item’s history in the console API: wordings, the comments behind them, and who merged what', async () => {
    const { studyId, roundId, id } = await closedRound(3, [7, 8, 9]);
    const comment = (await call('GET', `/api/rounds/${roundId}/comments`)).body.comments[0] as { responseId: number; text: string };
    const merge = {
      itemIds: [id('I1'), id('I2')],
      code: 'M1',
      texts: { en: 'One', fr: 'Un' },
      reason: 'they overlap',
      sourceResponseIds: [comment.responseId],
    };
    expect((await call('POST', `/api/studies/${studyId}/rounds`, { merges: [merge] })).status).toBe(201);
    const m1 = (await call('GET', `/api/studies/${studyId}/items`)).body.find((i: { code: string }) => i.code === 'M1').id as number;

    const history = (await call('GET', `/api/studies/${studyId}/items/${m1}/history`)).body;
    expect(history.versions).toEqual([
      expect.objectContaining({
        version: 1,
        texts: { en: 'One', fr: 'Un' },
        reason: 'they overlap',
        promptedBy: [expect.objectContaining({ text: comment.text })],
      }),
    ]);
    expect(history.decisions).toEqual([
      expect.objectContaining({
        round: 2,
        action: 'merged',
        decidedBy: expect.any(String),
        linkedItems: [
          { itemId: id('I1'), code: 'I1' },
          { itemId: id('I2'), code: 'I2' },
        ],
      }),
    ]);
    expect(JSON.stringify(history)).not.toMatch(/panelist|P1|@example/);
    const i1 = (await call('GET', `/api/studies/${studyId}/items/${id('I1')}/history`)).body;
    expect(i1.decisions.map((d: { action: string; linkedItems: { code: string }[] }) => [d.action, d.linkedItems.map((l) => l.code)])).toEqual([
      ['merge', ['M1']],
    ]);

    const other = await closedRound(1, [7, 8, 9]);
    expect((await call('GET', `/api/studies/${studyId}/items/${other.id('I1')}/history`)).status).toBe(404);
  });

  it.each([
    [
      'an item not in the previous round',
      (id: (c: string) => number) => ({ merges: [{ itemIds: [id('I1'), 999999], code: 'M1', texts: { en: 'x' }, reason: 'r' }] }),
    ],
    [
      'an item that has another decision',
      (id: (c: string) => number) => ({
        decisions: [{ itemId: id('I1'), action: 'carry' }],
        merges: [{ itemIds: [id('I1'), id('I2')], code: 'M1', texts: { en: 'x' }, reason: 'r' }],
      }),
    ],
    ['a merge of one item', (id: (c: string) => number) => ({ merges: [{ itemIds: [id('I1')], code: 'M1', texts: { en: 'x' }, reason: 'r' }] })],
    [
      'an item both merged and split',
      (id: (c: string) => number) => ({
        merges: [{ itemIds: [id('I1'), id('I2')], code: 'M1', texts: { en: 'x' }, reason: 'r' }],
        splits: [
          {
            itemId: id('I1'),
            into: [
              { code: 'S1', texts: { en: 'a' } },
              { code: 'S2', texts: { en: 'b' } },
            ],
            reason: 'r',
          },
        ],
      }),
    ],
    [
      'a code already used',
      (id: (c: string) => number) => ({
        splits: [
          {
            itemId: id('I1'),
            into: [
              { code: 'I2', texts: { en: 'a' } },
              { code: 'S2', texts: { en: 'b' } },
            ],
            reason: 'r',
          },
        ],
      }),
    ],
    [
      'a new item without text in the first language',
      (id: (c: string) => number) => ({ merges: [{ itemIds: [id('I1'), id('I2')], code: 'M1', texts: { fr: 'x' }, reason: 'r' }] }),
    ],
  ])('refuses %s with a 400 and plans nothing', async (_name, body) => {
    const { studyId, id } = await closedRound(2, [7, 8, 9]);
    const res = await call('POST', `/api/studies/${studyId}/rounds`, body(id));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('DELPHI_VALIDATION');
    expect((await call('GET', `/api/studies/${studyId}/rounds`)).body).toHaveLength(1);
    expect((await call('GET', `/api/studies/${studyId}/items`)).body.map((i: { code: string }) => i.code)).toEqual(['I1', 'I2']);
  });
});

describe('the stopping rule', () => {
  it('retires an undecided item whose stop_item_when holds, says why, and the report lists it', async () => {
    // Ratings 1, 5, 9 reach no verdict, which would carry the item by default; the rule stops asking about it.
    const { studyId } = await closedRound(2, [1, 5, 9], "outcome != 'consensus_in'");
    const study = (await call('GET', `/api/studies/${studyId}`)).body;
    expect(study.stopItemReading).toEqual(expect.any(String));
    const planned = await call('POST', `/api/studies/${studyId}/rounds`, {});
    expect(planned.status).toBe(201);
    expect(planned.body.itemCount).toBe(0);
    const flow = (await call('GET', `/api/studies/${studyId}/item-flow`)).body as { action: string; reason: string }[];
    expect(flow.map((d) => d.action)).toEqual(['retire', 'retire']);
    for (const d of flow) expect(d.reason).toBe(`stop rule: ${study.stopItemReading}`);
    const text = await report(studyId);
    expect(text).toContain('Items stopped by the protocol’s stopping rule');
    expect(text).toMatch(/1\s+I1\s+(No consensus|Not enough answers)\s+retired/);
  });

  it('carries an item without consensus when the protocol has no stopping rule', async () => {
    const { studyId } = await closedRound(2, [1, 5, 9]);
    expect((await call('GET', `/api/studies/${studyId}`)).body.stopItemReading).toBeNull();
    expect((await call('POST', `/api/studies/${studyId}/rounds`, {})).body.itemCount).toBe(2);
    expect(await report(studyId)).not.toContain('Items stopped by the protocol’s stopping rule');
  });
});
