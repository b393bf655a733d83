import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, caller, itemsCsv, panelistSession, panelistsCsv, signedInFacilitator, studyBody, type TestApp } from '../helpers/build';

/** The report written in each study language: labels from the report's catalogue, item texts from that language's version. */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl'];
const HEADINGS: Record<string, string[]> = {
  en: ['Consensus report of a Delphi study', 'Results per item and round', 'Feedback shown to panelists and comments'],
  de: ['Konsensbericht einer Delphi-Studie', 'Ergebnisse je Item und Runde', 'Rückmeldung an die Panelmitglieder und Kommentare', 'Inhalt'],
  fr: ['Rapport de consensus d’une étude Delphi', 'Résultats par item et par tour', 'Sommaire'],
  es: ['Informe de consenso de un estudio Delphi', 'Resultados por ítem y ronda', 'Índice'],
  it: ['Rapporto di consenso di uno studio Delphi', 'Risultati per item e round', 'Indice'],
  pl: ['Raport konsensusu badania delfickiego', 'Wyniki według pozycji i rundy', 'Spis treści'],
};

// Every panelist rates 7-9, inside the agreement band: the items reach consensus.
const OUTCOME: Record<string, string> = {
  en: 'Consensus: include',
  de: 'Konsens: einschließen',
  fr: 'Consensus : inclure',
  es: 'Consenso: incluir',
  it: 'Consenso: includere',
  pl: 'Konsensus: włączyć',
};

let t: TestApp;
let fac: string;
let studyId: number;
const dir = mkdtempSync(join(tmpdir(), 'delphi-report-languages-'));
const call = caller(
  () => t,
  () => fac,
);
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: fac } });

beforeAll(async () => {
  t = await build();
  fac = (await signedInFacilitator(t)).cookie;
  studyId = (await call('POST', '/api/studies', { ...studyBody, languages: LANGUAGES, minGroupSize: 3 })).body.id;
  await call('POST', `/api/studies/${studyId}/items/import`, { createCategories: true, csv: itemsCsv(2, LANGUAGES) });
  const { invitations } = (await call('POST', `/api/studies/${studyId}/panelists/import`, { csv: panelistsCsv(6) })).body;
  const round = (await call('POST', `/api/studies/${studyId}/rounds`, {})).body;
  await call('POST', `/api/rounds/${round.id}/open`);
  for (const [p, inv] of (invitations as { link: string }[]).entries()) {
    const cookie = await panelistSession(t, inv.link);
    for (const it of (await call('GET', '/api/panelist/round', undefined, cookie)).body.items) {
      await call('PUT', `/api/panelist/answers/${it.itemVersionId}`, { value: 7 + (p % 3) }, cookie, { 'idempotency-key': `report-${p}-${it.itemVersionId}` });
    }
  }
  await call('POST', `/api/rounds/${round.id}/close`);
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/studies/:studyId/report.html?language=', () => {
  it.each(LANGUAGES)('writes the headings, the outcome words and the item texts in %s', async (language) => {
    const res = await get(`/api/studies/${studyId}/report.html?language=${language}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<html lang="${language}">`);
    for (const heading of HEADINGS[language]) expect(res.body).toContain(heading);
    expect(res.body).toContain(`Statement 1 (${language}), with a comma`);
    expect(res.body).toContain(OUTCOME[language]);
    expect(res.headers['content-disposition']).toContain(`-report-${language}.html`);
  });

  it('keeps the English labels without a language, as before', async () => {
    const res = await get(`/api/studies/${studyId}/report.html`);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Results per item and round');
    expect(res.body).toContain('Statement 1 (en), with a comma');
  });

  it.each([
    ['a language the study does not have', 'nl'],
    ['something that is not a language code', 'de;drop'],
  ])('refuses %s with 400 in the one error shape', async (_what, language) => {
    const res = await get(`/api/studies/${studyId}/report.html?language=${encodeURIComponent(language)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'DELPHI_VALIDATION', error: 'Bad Request' });
    expect((await get(`/api/studies/${studyId}/export.xlsx?language=${encodeURIComponent(language)}`)).statusCode).toBe(400);
  });
});

describe('GET /api/studies/:studyId/report.pdf?language=', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('prints the %s headings (pdftotext finds them)', async (language) => {
    const res = await get(`/api/studies/${studyId}/report.pdf?language=${language}`);
    expect(res.statusCode).toBe(200);
    const file = join(dir, `${language}.pdf`);
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const heading of HEADINGS[language]) expect(text).toContain(heading);
    expect(text).toContain(`Statement 1 (${language})`);
  });
});
