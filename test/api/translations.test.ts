import { describe, expect, it } from 'vitest';
import { itemsCsv, panelistSession, studyBody } from '../helpers/build';
import { signedInAppPerTest } from '../helpers/signed-in-app';

const ctx = signedInAppPerTest();
const { call } = ctx;

interface Comment {
  responseId: number;
  itemVersionId: number;
  text: string;
  language: string;
  translations: { language: string; text: string }[];
}

/** Three German-speaking panelists who comment and one Polish-speaking one who does not; k = 3. */
async function panel(extra: Record<string, unknown> = {}) {
  const s = (await call('POST', '/api/studies', { ...studyBody, languages: ['de', 'pl', 'en'], minGroupSize: 3, ...extra })).body;
  await call('POST', `/api/studies/${s.id}/items/import`, { createCategories: true, csv: itemsCsv(1, ['de', 'pl', 'en']) });
  const csv = [
    'code,email,language,sector,role_level',
    'D1,,de,health,strategic',
    'D2,,de,health,strategic',
    'D3,,de,voluntary,operational',
    'P1,,pl,health,operational',
  ];
  const { invitations } = (await call('POST', `/api/studies/${s.id}/panelists/import`, { csv: csv.join('\n') })).body;
  const round = (await call('POST', `/api/studies/${s.id}/rounds`, {})).body;
  await call('POST', `/api/rounds/${round.id}/open`);
  const cookies: string[] = [];
  for (const inv of invitations as { link: string }[]) cookies.push(await panelistSession(ctx.t, inv.link));
  const items = (await call('GET', '/api/panelist/round', undefined, cookies[0])).body.items as { itemVersionId: number }[];
  const answer = (i: number, comment: string | null, key: string) =>
    call('PUT', `/api/panelist/answers/${items[0].itemVersionId}`, { value: 7, comment }, cookies[i], { 'idempotency-key': key });
  for (const [i, text] of ['Die Finanzierung ist entscheidend', 'Vertrauen braucht Zeit', 'Klare Zuständigkeiten fehlen'].entries())
    await answer(i, text, `answer-${i}`);
  await answer(3, null, 'answer-3');
  return { studyId: s.id as number, roundId: round.id as number, cookies, answer };
}

const comments = async (roundId: number) => (await call('GET', `/api/rounds/${roundId}/comments`)).body.comments as Comment[];
const exportFile = (roundId: number, query: string) =>
  ctx.t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/comment-translations/export?${query}`, headers: { cookie: ctx.fac } });
const importFile = (roundId: number, body: unknown) => call('POST', `/api/rounds/${roundId}/comment-translations/import`, body);
const feedback = async (roundId: number, cookie: string) =>
  (await call('GET', `/api/panelist/rounds/${roundId}/feedback`, undefined, cookie)).body.items[0].feedback;

/** Fills every empty <target> of an exported XLIFF file, as a translation tool would. */
const translateXliff = (xliff: string, f: (source: string) => string) =>
  xliff.replace(/<source xml:lang="de">([^<]*)<\/source>(\s*)<target xml:lang="pl"><\/target>/g, (_m, source: string, space: string) => {
    return `<source xml:lang="de">${source}</source>${space}<target xml:lang="pl">${f(source)}</target>`;
  });

describe('comment languages', () => {
  it("records each comment in the panelist's language at the save", async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    expect((await comments(p.roundId)).map((c) => c.language)).toEqual(['de', 'de', 'de']);
  });
});

describe('PUT /api/rounds/:roundId/comments/:responseId/translations/:language', () => {
  it('adds a translation beside the original; the Polish panelist sees it marked, the German one the original', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const c = (await comments(p.roundId)).find((x) => x.text === 'Vertrauen braucht Zeit')!;
    const put = await call('PUT', `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/pl`, { text: 'Zaufanie wymaga czasu' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      responseId: c.responseId,
      text: 'Vertrauen braucht Zeit',
      language: 'de',
      translations: [{ language: 'pl', text: 'Zaufanie wymaga czasu' }],
    });
    const polish = (await feedback(p.roundId, p.cookies[3])).comments;
    expect(polish).toContainEqual({
      text: 'Zaufanie wymaga czasu',
      language: 'pl',
      translated: true,
      original: { text: 'Vertrauen braucht Zeit', language: 'de' },
    });
    expect(polish.filter((x: { translated: boolean }) => !x.translated)).toHaveLength(2);
    const german = (await feedback(p.roundId, p.cookies[0])).comments;
    expect(german).toContainEqual({ text: 'Vertrauen braucht Zeit', language: 'de', translated: false, original: null });
  });

  it.each([
    ['a language the study does not have', 'fr', { text: 'Le temps' }, 400, 'DELPHI_VALIDATION'],
    ['the language the comment was written in', 'de', { text: 'Zeit' }, 400, 'DELPHI_VALIDATION'],
    ['an empty text', 'pl', { text: '   ' }, 400, 'DELPHI_VALIDATION'],
    ['an extra field', 'pl', { text: 'x', panelist: 'D1' }, 400, 'DELPHI_VALIDATION'],
  ])('refuses %s and stores nothing', async (_what, language, body, status, code) => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const [c] = await comments(p.roundId);
    const res = await call('PUT', `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/${language}`, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect((await comments(p.roundId)).every((x) => x.translations.length === 0)).toBe(true);
  });

  it('answers 404 for an id that is not a comment of the round (another round, a row id)', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const res = await call('PUT', `/api/rounds/${p.roundId}/comments/1/translations/pl`, { text: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'DELPHI_NOT_FOUND', message: 'Comment not found.' });
  });

  it('stops showing a translation once the panelist rewrites the comment', async () => {
    const p = await panel();
    const [c] = await comments(p.roundId); // quasi-anonymity: visible while the round is open
    await call('PUT', `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/pl`, { text: 'Tłumaczenie' });
    await p.answer(
      ['Die Finanzierung ist entscheidend', 'Vertrauen braucht Zeit', 'Klare Zuständigkeiten fehlen'].indexOf(c.text),
      'Ganz anders',
      'rewrite-comment',
    );
    const after = (await comments(p.roundId)).find((x) => x.responseId === c.responseId)!;
    expect(after).toMatchObject({ text: 'Ganz anders', translations: [] });
  });
});

describe('DELETE /api/rounds/:roundId/comments/:responseId/translations/:language', () => {
  it('removes a translation, and answers 404 when there is none', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const [c] = await comments(p.roundId);
    await call('PUT', `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/pl`, { text: 'x' });
    const url = `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/pl`;
    expect((await call('DELETE', url)).body.translations).toEqual([]);
    expect((await call('DELETE', url)).status).toBe(404);
  });
});

describe('GET /api/rounds/:roundId/comment-translations/export', () => {
  it('exports the untranslated comments as XLIFF 1.2 with opaque ids and empty targets', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const list = await comments(p.roundId);
    const res = await exportFile(p.roundId, 'language=pl&format=xliff');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xliff+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*-round-1-comments-pl\.xlf"/);
    expect(res.body).toContain('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">');
    expect(res.body).toContain('source-language="de" target-language="pl"');
    const ids = [...res.body.matchAll(/<trans-unit id="(\d+)"/g)].map((m) => Number(m[1])).sort();
    expect(ids).toEqual(list.map((c) => c.responseId).sort());
    expect(res.body.match(/<target xml:lang="pl"><\/target>/g)).toHaveLength(3);
    // Nothing that leads to a panelist: no codes, no row ids, no times.
    expect(res.body).not.toMatch(/D[123]\b|P1\b|T\d\d:\d\d|trans-unit id="[1-9]"/);
  });

  it('exports CSV with the original beside an empty target, and leaves out comments already translated', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const [first] = await comments(p.roundId);
    await call('PUT', `/api/rounds/${p.roundId}/comments/${first.responseId}/translations/pl`, { text: 'x' });
    const res = await exportFile(p.roundId, 'language=pl&format=csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,item,source_language,target_language,source,target');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l: string) => l.endsWith(',pl,' + l.split(',pl,')[1]) && l.endsWith(','))).toBe(true);
    expect(res.body).not.toContain(String(first.responseId));
  });

  it('refuses a language the study does not have with 400', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const res = await exportFile(p.roundId, 'language=fr');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'DELPHI_VALIDATION', details: { problems: [{ path: 'querystring.language', message: 'not a study language' }] } });
    expect((await exportFile(p.roundId, 'language=pl&format=docx')).statusCode).toBe(400);
  });
});

describe('POST /api/rounds/:roundId/comment-translations/import', () => {
  it('stores the translations of a returned XLIFF file, which then leave the next export', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const xliff = (await exportFile(p.roundId, 'language=pl')).body;
    const res = await importFile(p.roundId, { language: 'pl', format: 'xliff', content: translateXliff(xliff, (s) => `PL: ${s}`) });
    expect(res.body).toEqual({ imported: 3, skipped: 0 });
    expect((await comments(p.roundId)).map((c) => c.translations[0].text).sort()).toEqual([
      'PL: Die Finanzierung ist entscheidend',
      'PL: Klare Zuständigkeiten fehlen',
      'PL: Vertrauen braucht Zeit',
    ]);
    expect((await exportFile(p.roundId, 'language=pl')).body).not.toContain('<trans-unit');
  });

  it('stores a returned CSV file and skips rows left untranslated', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const [a, b] = await comments(p.roundId);
    const csv = `id,target_language,target\r\n${a.responseId},pl,"Pierwszy, z przecinkiem"\r\n${b.responseId},pl,\r\n`;
    expect((await importFile(p.roundId, { language: 'pl', format: 'csv', content: csv })).body).toEqual({ imported: 1, skipped: 1 });
    expect((await comments(p.roundId)).find((c) => c.responseId === a.responseId)!.translations).toEqual([{ language: 'pl', text: 'Pierwszy, z przecinkiem' }]);
  });

  it.each([
    ['malformed XML', () => '<xliff version="1.2"><file><body><trans-unit id="1"></file>', /Not well-formed XML/],
    ['a document type with entities', () => '<!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2"/>', /document type/],
    ['another XLIFF version', () => '<xliff version="2.0"><file/></xliff>', /XLIFF 1.2/],
    ['an unknown id', (x: string) => translateXliff(x, () => 'ok').replace(/<trans-unit id="\d+"/, '<trans-unit id="123456789"'), /123456789 is not a comment/],
    [
      'a wrong target language',
      (x: string) => translateXliff(x, () => 'ok').replace(/target-language="pl"/, 'target-language="en"'),
      /target language is "en"/,
    ],
    ['markup inside a target', (x: string) => translateXliff(x, () => '<g id="1">ok</g>'), /markup/],
  ])('refuses %s with 400 and stores no translation at all', async (_what, edit, message) => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const xliff = (await exportFile(p.roundId, 'language=pl')).body;
    const res = await importFile(p.roundId, { language: 'pl', format: 'xliff', content: edit(xliff) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'DELPHI_TRANSLATION_FILE_INVALID', error: 'Bad Request' });
    expect(res.body.details.problems.map((x: { message: string }) => x.message).join(' ')).toMatch(message);
    expect((await comments(p.roundId)).every((c) => c.translations.length === 0)).toBe(true);
  });

  it('refuses a CSV without the needed columns, and a file for a language the study does not have', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const noColumns = await importFile(p.roundId, { language: 'pl', format: 'csv', content: 'id,text\n1,x' });
    expect(noColumns.body).toMatchObject({ code: 'DELPHI_TRANSLATION_FILE_INVALID', details: { problems: [{ line: 1 }] } });
    const french = await importFile(p.roundId, { language: 'fr', format: 'csv', content: 'id,target_language,target\n' });
    expect(french.body).toMatchObject({ statusCode: 400, code: 'DELPHI_VALIDATION' });
    expect((await importFile(p.roundId, { language: 'pl', format: 'csv' })).status).toBe(400);
  });
});

describe('translations in the report and the exports', () => {
  it('keeps the original beside every translation in the HTML report and the JSON export', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const c = (await comments(p.roundId)).find((x) => x.text === 'Vertrauen braucht Zeit')!;
    await call('PUT', `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/pl`, { text: 'Zaufanie wymaga czasu' });
    const html = (await ctx.t.app.inject({ method: 'GET', url: `/api/studies/${p.studyId}/report.html`, headers: { cookie: ctx.fac } })).body;
    expect(html).toContain('Vertrauen braucht Zeit [de] · pl: Zaufanie wymaga czasu');
    const json = (await call('GET', `/api/studies/${p.studyId}/export.json`)).body;
    expect(json.comments).toContainEqual({
      ref: expect.stringMatching(/^C\d{4}$/),
      round: 1,
      item: 'I1',
      version: 1,
      panelist: expect.stringMatching(/^P\d{4}$/),
      text: 'Vertrauen braucht Zeit',
      language: 'de',
      translations: [{ language: 'pl', text: 'Zaufanie wymaga czasu' }],
    });
    expect(json.comments.filter((x: { translations: unknown[] }) => x.translations.length === 0)).toHaveLength(2);
  });
});

describe('translations and anonymity', () => {
  it('holds every translation route in strict anonymity until the round closes: nothing of a held comment leaks', async () => {
    const p = await panel({ anonymity: 'strict' });
    const held = await exportFile(p.roundId, 'language=pl');
    expect(held.statusCode).toBe(409);
    expect(held.json()).toMatchObject({ code: 'DELPHI_COMMENTS_HELD' });
    expect(held.body).not.toMatch(/Vertrauen|Finanzierung|Zuständigkeiten/);
    const csv = await exportFile(p.roundId, 'language=pl&format=csv');
    expect(csv.statusCode).toBe(409);
    // Guessing ids does not help either: the import and the hand translation refuse before looking.
    expect((await importFile(p.roundId, { language: 'pl', format: 'csv', content: 'id,target_language,target\n1,pl,x\n' })).body.code).toBe(
      'DELPHI_COMMENTS_HELD',
    );
    expect((await call('PUT', `/api/rounds/${p.roundId}/comments/1/translations/pl`, { text: 'x' })).body.code).toBe('DELPHI_COMMENTS_HELD');
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const open = await exportFile(p.roundId, 'language=pl&format=csv');
    expect(open.statusCode).toBe(200);
    // After the close, the file lists the comments by item and text, not in the order they were written.
    const texts = open.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l: string) => l.split(',')[4]);
    expect(texts).toEqual([...texts].sort());
  });

  it('shows a panelist no comment, original or translated, of an item rated by fewer than k', async () => {
    const p = await panel({ minGroupSize: 5 });
    const [c] = await comments(p.roundId);
    await call('PUT', `/api/rounds/${p.roundId}/comments/${c.responseId}/translations/pl`, { text: 'Tłumaczenie' });
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const fb = await feedback(p.roundId, p.cookies[3]);
    expect(fb).toMatchObject({ withheld: true, comments: [] });
    expect(JSON.stringify(fb)).not.toMatch(/Tłumaczenie|Vertrauen|Finanzierung/);
  });

  it('gives the panelist nothing that links a translated comment to its author', async () => {
    const p = await panel();
    await call('POST', `/api/rounds/${p.roundId}/close`);
    const xliff = (await exportFile(p.roundId, 'language=pl')).body;
    await importFile(p.roundId, { language: 'pl', format: 'xliff', content: translateXliff(xliff, (s) => `PL ${s}`) });
    const body = JSON.stringify(await feedback(p.roundId, p.cookies[3]));
    expect(body).not.toMatch(/D[123]\b|responseId|panelist|createdAt|updatedAt|translatedBy|owner@example/);
  });
});
