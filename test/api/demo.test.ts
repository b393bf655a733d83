import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../api/demo/seed-demo';
import { BASE_URL, cookieFrom } from '../helpers/build';
import { appPerTest } from '../helpers/signed-in-app';

const ctx = appPerTest();

describe('the demo study', () => {
  it('seeds the framework study once: round 1 closed with subgroup disagreement, round 2 open with answers', async () => {
    const seeded = await seedDemo(ctx.t.db, BASE_URL);
    expect(seeded).not.toBeNull();
    expect(await seedDemo(ctx.t.db, BASE_URL)).toBeNull();
    expect(seeded!.panelistLinks).toHaveLength(3);
    const signIn = await ctx.t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: seeded!.email, password: seeded!.password } });
    const first = cookieFrom(signIn, 'delphi_facilitator');
    expect((await ctx.t.app.inject({ method: 'GET', url: '/api/studies/demo', headers: { cookie: first } })).json().code).toBe(
      'DELPHI_PASSWORD_CHANGE_REQUIRED',
    );
    const changed = await ctx.t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: first },
      payload: { currentPassword: seeded!.password, newPassword: 'my own demo password' },
    });
    const cookie = cookieFrom(changed, 'delphi_facilitator');
    const get = (url: string) => ctx.t.app.inject({ method: 'GET', url, headers: { cookie } }).then((r) => r.json());

    const study = await get('/api/studies/demo');
    expect(study.scale).toMatchObject({ min: 1, max: 9, cannotJudge: true });
    expect(study.attributes.map((a: { name: string }) => a.name)).toEqual(['sector', 'role_level', 'country']);
    const panel = await get('/api/studies/demo/panelists');
    expect(panel).toHaveLength(40);
    expect(new Set(panel.map((p: { attributes: { country: string } }) => p.attributes.country)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(panel.map((p: { attributes: { sector: string } }) => p.attributes.sector)).size).toBe(4);
    const items = await get('/api/studies/demo/items');
    expect(items.length).toBeGreaterThanOrEqual(20);

    const rounds = await get('/api/studies/demo/rounds');
    expect(rounds.map((r: { status: string }) => r.status)).toEqual(['closed', 'open']);
    const results = await get(`/api/rounds/${rounds[0].id}/results`);
    expect(results.status).toBe('final');
    const outcomes = new Set(results.items.map((i: { outcome: string }) => i.outcome));
    expect(outcomes.has('consensus_in')).toBe(true);
    expect(outcomes.has('no_consensus')).toBe(true);
    // Some items split the sectors: the asymmetry view finds a significant sector difference.
    const differs = results.items.filter(
      (i: { result: { groups: Record<string, { pAdjusted: number | null }> } }) => (i.result.groups.sector?.pAdjusted ?? 1) < 0.05,
    );
    expect(differs.length).toBeGreaterThan(0);
    // The relations question: strategic and operational staff disagree on whether power distance is a cause or an effect.
    const relations = results.blocks.find((b: { kind: string }) => b.kind === 'relations').result;
    expect(relations.map.ok).toBe(true);
    expect(relations.elements).toEqual(['CI', 'IA', 'OD', 'PD', 'RA']);
    const pd = relations.sideDifferences.find((d: { dimension: string; element: string }) => d.dimension === 'role_level' && d.element === 'PD');
    expect(pd.causeIn).toContain('strategic');
    expect(pd.effectIn).toContain('operational');
    const part = await get(`/api/rounds/${rounds[1].id}/participation`);
    expect(part.overall.responded).toBeGreaterThan(0);
    expect(part.overall.responded).toBeLessThan(40);

    // Round 2 ranks the power asymmetries, and the role levels put them in different orders.
    const open = await get(`/api/rounds/${rounds[1].id}/results`);
    const ranking = open.blocks[0].result;
    expect(ranking).toMatchObject({ kind: 'ranking', n: 6 });
    expect(ranking.overall.m).toBeGreaterThanOrEqual(20);
    expect(ranking.groupPairs.filter((p: { attribute: string; differs: boolean }) => p.attribute === 'role_level' && p.differs).length).toBeGreaterThan(0);
  });
});
