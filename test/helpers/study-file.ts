import type { TestApp } from './build';
import type { DemoApp } from '../reports/helpers';

/** A study file without what an import makes anew: when it was written, the new study's creation time and its audit log. */
export function comparable(doc: any): any {
  const { exportedAt: _at, audit: _audit, ...rest } = doc;
  const { createdAt: _created, ...study } = rest.study;
  return { ...rest, study };
}

/**
 * Each part of a study the file must carry, with how to read it from the file. The round-trip
 * test asks that each is present in the demo's file and arrives unchanged.
 */
export const STUDY_FILE_PARTS: [string, (doc: any) => unknown][] = [
  ['protocol', (d) => d.study.protocol],
  ['protocol change log', (d) => d.protocolChanges],
  ['criteria', (d) => d.study.criteria],
  ['reporting fields', (d) => d.study.reporting],
  ['categories', (d) => d.categories],
  ['items with all versions', (d) => d.items.filter((i: any) => i.versions.length > 1)],
  ['lineage: comments behind a rewording', (d) => d.items.flatMap((i: any) => i.versions.flatMap((v: any) => v.promptedBy ?? [])).filter((p: any) => p.ref)],
  ['lineage: merges and splits', (d) => d.itemFlow.filter((f: any) => f.linked)],
  ['lineage: ideas behind an added item', (d) => d.itemFlow.filter((f: any) => f.ideas)],
  ['rounds', (d) => d.rounds.map(({ blocks: _b, ...r }: any) => r)],
  ['schedules and reminders', (d) => d.rounds.map((r: any) => [r.opensAt, r.closesAt, r.reminders])],
  ['question blocks', (d) => d.rounds.flatMap((r: any) => r.blocks ?? [])],
  ['answers', (d) => d.responses],
  ['block answers', (d) => d.blockAnswers],
  ['comments with their authors', (d) => d.comments.filter((c: any) => c.panelist)],
  ['comment translations', (d) => d.comments.filter((c: any) => c.translations.length > 0)],
  ['ideas with their authors', (d) => d.ideas.filter((i: any) => i.panelist)],
  ['decisions', (d) => d.itemFlow],
  ['results', (d) => d.results],
  ['e-mail templates', (d) => d.emailTemplates],
  ["members' roles", (d) => d.members],
  ["panelists' languages", (d) => d.panelists.map((p: any) => [p.code, p.language])],
  ["panelists' attributes", (d) => d.panelists.map((p: any) => [p.code, p.attributes])],
  ['withdrawals', (d) => d.panelists.filter((p: any) => p.status === 'withdrawn')],
];

type Call = (method: 'PUT' | 'POST' | 'PATCH' | 'GET', url: string, payload?: object, cookie?: string) => Promise<any>;

function caller(t: TestApp, owner: string): Call {
  return async (method, url, payload, cookie = owner) => {
    const res = await t.app.inject({ method, url, payload, headers: { cookie } });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
}

/**
 * Adds to the demo what it lacks for the parts above: reporting fields, its own e-mail wording,
 * a translated comment and a withdrawal (before round 2 closes, so the frozen results count the
 * panel a recompute sees).
 */
export async function completeDemo(d: DemoApp): Promise<void> {
  const call = caller(d.t, d.owner);
  await call('PATCH', `/api/studies/${d.studyId}`, { reporting: { rationale: 'No trial can answer this.', panelSelection: 'Managers in both sectors.' } });
  await call('PUT', `/api/studies/${d.studyId}/email-templates`, {
    language: 'en',
    kind: 'reminder',
    subject: 'A reminder from {{study_title}}',
    body: 'Round {{round_number}} closes {{closes_at}}: {{link}} (no more reminders: {{opt_out_link}})',
  });
  const rounds = await d.json(`/api/studies/${d.studyId}/rounds`);
  const comments = await d.json(`/api/rounds/${rounds[0].id}/comments`);
  const language = (await d.json(`/api/studies/${d.studyId}`)).languages.find((l: string) => l !== comments.comments[0].language);
  await call('PUT', `/api/rounds/${rounds[0].id}/comments/${comments.comments[0].responseId}/translations/${language}`, { text: 'A translation' });
  const panel = await d.json(`/api/studies/${d.studyId}/panelists`);
  const active = panel.find((p: { status: string }) => p.status !== 'withdrawn');
  await call('POST', `/api/studies/${d.studyId}/panelists/${active.id}/withdraw`, {});
}

/** Plans round 3 of the closed demo: a rewording citing a round-2 comment, a merge and a split. */
export async function planDemoLineage(d: DemoApp): Promise<void> {
  const call = caller(d.t, d.owner);
  const rounds = await call('GET', `/api/studies/${d.studyId}/rounds`);
  const last = rounds[rounds.length - 1];
  const presented = new Set((await call('GET', `/api/rounds/${last.id}/results`)).items.map((x: { code: string }) => x.code));
  const items = (await call('GET', `/api/studies/${d.studyId}/items`)).filter((i: { code: string }) => presented.has(i.code));
  const comment = (await call('GET', `/api/rounds/${last.id}/comments`)).comments[0];
  const cited = items.find((i: { versionId: number }) => i.versionId === comment.itemVersionId);
  const [a, b, c] = items.filter((i: { id: number }) => i.id !== cited.id);
  await call('POST', `/api/studies/${d.studyId}/rounds`, {
    decisions: [
      { itemId: cited.id, action: 'reword', texts: { en: 'A clearer wording' }, reason: 'a panelist asked', sourceResponseIds: [comment.responseId] },
    ],
    merges: [{ itemIds: [a.id, b.id], code: 'M1', texts: { en: 'Both as one' }, reason: 'they overlap' }],
    splits: [
      {
        itemId: c.id,
        into: [
          { code: 'S1', texts: { en: 'First half' } },
          { code: 'S2', texts: { en: 'Second half' } },
        ],
        reason: 'two ideas in one',
      },
    ],
  });
}

/**
 * A small study with what the demo has not: a protocol changed before round 1, an open-ended
 * round whose idea became an item of round 2.
 */
export async function ideasStudy(t: TestApp, owner: string, body: object, items: string, panelists: string): Promise<number> {
  const call = caller(t, owner);
  const s = await call('POST', '/api/studies', body);
  const { lockedAt: _locked, ...protocol } = s.protocol;
  await call('PUT', `/api/studies/${s.id}/protocol`, { ...protocol, minValidN: protocol.minValidN + 1 });
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: items });
  const links = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: panelists })).invitations.map((i: { link: string }) => i.link);
  const r1 = await call('POST', `/api/studies/${s.id}/rounds`, { kind: 'ideas' });
  await call('POST', `/api/rounds/${r1.id}/open`);
  const token = links[0].split('#')[1];
  const session = await t.app.inject({ method: 'POST', url: '/api/panelist/session', payload: { token } });
  const cookie = String(session.headers['set-cookie']).split(';')[0];
  await call('POST', '/api/panelist/ideas', { text: 'Joint budgets need joint scrutiny' }, cookie);
  await call('POST', `/api/rounds/${r1.id}/close`);
  const { ideas } = await call('GET', `/api/rounds/${r1.id}/comments`);
  await call('POST', `/api/studies/${s.id}/rounds`, { newItems: [{ code: 'IDEA1', texts: { en: ideas[0].text }, sourceIdeaIds: [ideas[0].id] }] });
  return s.id;
}

/** The JSON study file of a study, by the route a facilitator uses. */
export async function studyFile(t: TestApp, cookie: string, studyId: number, query = ''): Promise<any> {
  const res = await t.app.inject({ method: 'GET', url: `/api/studies/${studyId}/export.json${query}`, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Imports a study file and returns the new study's id. */
export async function importFile(t: TestApp, cookie: string, doc: unknown): Promise<{ studyId: number; notes: string[]; verification: any }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/studies/import', headers: { cookie }, payload: doc as object });
  if (res.statusCode !== 201) throw new Error(`import: ${res.statusCode} ${res.body}`);
  return res.json();
}
