import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, itemsCsv, signedInFacilitator, studyBody } from '../helpers/build';
import { closeOpenRound, demoApp, htmlText, pdfText, type DemoApp } from './helpers';

/**
 * The export MUST contain items 1-10 of consensus-methods.md §10. Each element is named with what
 * proves it is there; the same list is checked against the HTML page and the PDF's extracted text.
 */
const version = (pkg: string) => (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;

interface Expectations {
  lockedAt: string;
  k1Agreement: string;
  nonConsensus: string;
}

const CHECKLIST: [string, (e: Expectations) => string[]][] = [
  [
    '1. the locked protocol with its lock time and change log',
    (e) => [
      'Consensus protocol and its changes',
      `locked at ${e.lockedAt}`,
      'Change log',
      '"quantileMethod": "hf7"',
      'pct_range(7,9) >= 70 AND pct_range(1,3) < 15',
    ],
  ],
  [
    '2. statistical settings',
    () => [
      'Statistical settings',
      'Quantile method',
      'PERCENTILE.INC',
      '"Cannot judge" answers',
      'Agreement band 7-9',
      'Minimum data for a verdict',
      'Stability rule',
      'operator "<"',
      'Multiplicity Holm',
      'α = 0.05',
      'seed 20250115',
    ],
  ],
  [
    '3. participation per round and subgroup',
    () => ['Participation per round', 'Response rate', 'Retention', 'Attrition', 'Participation by sector (sector)', 'Participation by country (country)'],
  ],
  ['4. panel composition', () => ['Panel composition', 'Panel by sector', 'Panel by role level', 'number of panelists per item equals the number invited']],
  [
    '5. item flow table and diagram',
    () => [
      'Item flow across rounds',
      'Carried',
      'Reworded',
      'Dropped',
      'Retired',
      'Merged',
      'Identities hold',
      'Flow of items across rounds',
      '24 items presented',
      'Each item’s path',
    ],
  ],
  [
    '6. per item and round statistics, outcome, rule and sensitivity flag',
    (e) => ['Results per item and round', 'Median', 'Q1', 'Q3', 'IQR', 'Agreement', 'Decided by', 'Sensitivity', 'rule 1', e.k1Agreement],
  ],
  [
    '7. stability between rounds and subgroup comparisons with effect sizes and adjusted p',
    () => [
      'Stability between rounds',
      'Round 2 against round 1',
      'Wilcoxon p',
      'McNemar p',
      'Subgroup differences (asymmetry view)',
      'Adjusted p',
      'ε² =',
      'Kruskal-Wallis',
    ],
  ],
  [
    '8. feedback log per round and handling of comments',
    () => [
      'Feedback shown to panelists and comments',
      'next to their own previous answer',
      'without author, code or time',
      'Comments shown to panelists',
      'Withheld (fewer than k valid ratings)',
    ],
  ],
  ['9. items without consensus with final statistics', (e) => ['Items without consensus', e.nonConsensus]],
  [
    '10. software and library versions',
    () => [
      'Software and versions',
      'GNU Affero General Public License (AGPL-3.0-or-later)',
      'Node.js',
      ...['fastify', 'drizzle-orm', 'better-sqlite3', 'zod', 'pdfmake'].map((p) => `${p} ${version(p)}`),
    ],
  ],
];

let d: DemoApp;
let expectations: Expectations;
let html: string;
let pdf: string;

beforeAll(async () => {
  d = await demoApp();
  await closeOpenRound(d);
  const study = await d.json(`/api/studies/${d.studyId}`);
  const rounds = await d.json(`/api/studies/${d.studyId}/rounds`);
  const r1 = await d.json(`/api/rounds/${rounds[0].id}/results`);
  const r2 = await d.json(`/api/rounds/${rounds[1].id}/results`);
  const agree = r1.items.find((i: { code: string }) => i.code === 'K1').result.stats.agree;
  const latest = new Map<string, { decidedBy: string }>();
  for (const i of [...r1.items, ...r2.items]) latest.set(i.code, i.result);
  const missing = [...latest.values()].filter((r) => r.decidedBy !== 'rule').length;
  expectations = {
    lockedAt: `${study.protocolLockedAt.slice(0, 10)} ${study.protocolLockedAt.slice(11, 16)} UTC`,
    k1Agreement: `${agree.pct.toFixed(1)} % (${agree.k}/${agree.n})`,
    nonConsensus: `${missing} of ${latest.size} rated items ended their latest closed round without a consensus rule firing`,
  };
  const page = await d.get(`/api/studies/${d.studyId}/report.html`);
  expect(page.status).toBe(200);
  html = htmlText(page.text);
  const file = await d.get(`/api/studies/${d.studyId}/report.pdf`);
  expect(file.status).toBe(200);
  expect(file.headers['content-type']).toBe('application/pdf');
  pdf = await pdfText(file.body);
});
afterAll(() => d.t.close());

describe('the consensus report contains every element of consensus-methods.md §10', () => {
  for (const [element, needles] of CHECKLIST) {
    it(`HTML: ${element}`, () => {
      for (const needle of needles(expectations)) expect(html.includes(needle), `missing from the HTML: ${needle}`).toBe(true);
    });
    it(`PDF: ${element}`, () => {
      for (const needle of needles(expectations)) expect(pdf.includes(needle), `missing from the PDF: ${needle}`).toBe(true);
    });
  }

  it('draws its charts as SVG in the HTML: distributions, bars and the flow diagram', async () => {
    const page = (await d.get(`/api/studies/${d.studyId}/report.html`)).text;
    // A distribution per item and criterion: 24 items in round 1, the 16 carried into round 2, each rated on two criteria.
    expect(page.match(/<svg[^>]*class="dist"/g)?.length).toBe(2 * (24 + 16));
    expect(page.includes('aria-label="Item flow diagram"')).toBe(true);
    expect(page).not.toMatch(/<script/i);
    // The software list names what produced the numbers; exceljs only reads files back in the tests.
    expect(htmlText(page)).not.toContain('exceljs');
  });

  it('reports after a given round with ?round=N, and 404s an unknown round', async () => {
    const r1 = await d.get(`/api/studies/${d.studyId}/report.html?round=1`);
    expect(r1.status).toBe(200);
    const text = htmlText(r1.text);
    expect(text.includes('Rounds 1 to 1 (report after round 1)')).toBe(true);
    expect(text.includes('Round 2 against round 1')).toBe(false);
    expect(r1.headers['content-security-policy']).toContain("default-src 'none'");
    const missing = await d.get(`/api/studies/${d.studyId}/report.pdf?round=9`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ code: 'DELPHI_NOT_FOUND', message: 'Round 9 not found.' });
  });
});

/**
 * ACCORD's 35 items by part (title 1, introduction 3, methods 21, results 5, discussion 2, other 3),
 * written out here rather than read from api/reports/guidelines.ts, so an item dropped there fails.
 */
const ACCORD_PARTS: [string, number][] = [
  ['Title', 1],
  ['Introduction', 3],
  ['Methods', 21],
  ['Results', 5],
  ['Discussion', 2],
  ['Other information', 3],
];
const ACCORD_EXPECTED = ACCORD_PARTS.flatMap(([part, n]) => Array.from({ length: n }, () => part)).map((part, i) => ({ number: i + 1, part }));

/** The facilitator's reporting fields and the ACCORD items each answers. */
const FIELD_ITEMS: [string, string, number[]][] = [
  ['rationale', 'Why a Delphi study', [2, 4]],
  ['panelSelection', 'How panelists were selected', [8]],
  ['recruitment', 'How panelists were recruited', [9]],
  ['pilot', 'Pilot', [22]],
  ['nonConsensus', 'Handling of items without consensus', [21]],
  ['limitations', 'Limitations', [32]],
  ['funding', 'Funding', [33]],
  ['conflicts', 'Conflicts of interest', [34]],
  ['ethics', 'Ethics approval and consent', [24]],
];

describe('the guideline checklist appendix', () => {
  it('lists every one of the 35 ACCORD items, by number and part, in the HTML and the PDF', () => {
    const appendix = html.slice(html.indexOf('Appendix: reporting guideline checklist'));
    const pdfAppendix = pdf.slice(pdf.lastIndexOf('Appendix: reporting guideline checklist'));
    for (const { number, part } of ACCORD_EXPECTED) {
      expect(appendix, `ACCORD item ${number} missing from the HTML`).toMatch(new RegExp(`ACCORD ${number} ${part} `));
      expect(pdfAppendix, `ACCORD item ${number} missing from the PDF`).toMatch(new RegExp(`ACCORD ${number} ${part} `));
    }
    expect(appendix).not.toMatch(/ACCORD 36 /);
    for (const n of [1, 10, 18]) expect(appendix, `CREDES ${n}`).toMatch(new RegExp(`CREDES ${n} (Conducting|Reporting) `));
  });

  it('marks what the facilitator has not written as not reported, and names the section once it is written', async () => {
    const rows = async () =>
      (await d.json(`/api/studies/${d.studyId}/reporting-checklist`)).rows as { guideline: string; number: string; answeredIn: string | null }[];
    const accord = (list: Awaited<ReturnType<typeof rows>>, n: number) => list.find((r) => r.guideline === 'ACCORD' && r.number === String(n))!;
    const before = await rows();
    expect(before.filter((r) => r.guideline === 'ACCORD')).toHaveLength(35);
    for (const [, , items] of FIELD_ITEMS) for (const n of items) expect(accord(before, n).answeredIn, `ACCORD ${n}`).toBeNull();
    expect(htmlText((await d.get(`/api/studies/${d.studyId}/report.html`)).text)).toMatch(
      /ACCORD 24 Methods Ethics approval and how panelists gave consent not reported/,
    );

    const reporting = Object.fromEntries(FIELD_ITEMS.map(([key, label]) => [key, `Our ${label.toLowerCase()} text.`]));
    const saved = await d.t.app.inject({ method: 'PATCH', url: `/api/studies/${d.studyId}`, headers: { cookie: d.owner }, payload: { reporting } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().reporting).toEqual(reporting);
    const after = await rows();
    for (const [, label, items] of FIELD_ITEMS)
      for (const n of items) expect(accord(after, n).answeredIn, `ACCORD ${n}`).toBe(`2. Study background and conduct: ${label}`);
    const text = htmlText((await d.get(`/api/studies/${d.studyId}/report.html`)).text);
    expect(text).toContain('Study background and conduct');
    for (const [, label] of FIELD_ITEMS) expect(text).toContain(`${label} Our ${label.toLowerCase()} text.`);
    expect(text).toMatch(/ACCORD 24 Methods Ethics approval and how panelists gave consent 2\. Study background and conduct: Ethics approval and consent/);
    // The report answers it from now on; put the demo back as the other tests expect it.
    await d.t.app.inject({ method: 'PATCH', url: `/api/studies/${d.studyId}`, headers: { cookie: d.owner }, payload: { reporting: {} } });
  });

  it('refuses a reporting field that is too long or unknown, and changes nothing', async () => {
    for (const reporting of [{ rationale: 'x'.repeat(8001) }, { motive: 'why not' }]) {
      const res = await d.t.app.inject({ method: 'PATCH', url: `/api/studies/${d.studyId}`, headers: { cookie: d.owner }, payload: { reporting } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'DELPHI_VALIDATION' });
    }
    expect((await d.json(`/api/studies/${d.studyId}`)).reporting).toEqual({});
  });
});

describe('the protocol change log', () => {
  it('lists each change made before the lock, with what changed from and to', async () => {
    const t = await build();
    try {
      const { cookie } = await signedInFacilitator(t);
      const call = (method: string, url: string, payload?: object) => t.app.inject({ method: method as 'GET', url, payload, headers: { cookie } });
      const study = (await call('POST', '/api/studies', studyBody)).json();
      await call('POST', `/api/studies/${study.id}/items/import`, { createCategories: true, csv: itemsCsv(2) });
      const edited = { ...study.protocol, rules: [{ outcome: 'consensus_in', when: 'pct_agree >= 80' }] };
      expect((await call('PUT', `/api/studies/${study.id}/protocol`, edited)).statusCode).toBe(200);
      const round = (await call('POST', `/api/studies/${study.id}/rounds`, {})).json();
      await call('POST', `/api/rounds/${round.id}/open`);
      const text = htmlText((await call('GET', `/api/studies/${study.id}/report.html`)).body);
      // The change log prints each rule list as JSON; brackets and braces are escaped for the pattern.
      const rules = (when: string) => JSON.stringify([{ outcome: 'consensus_in', when }]).replace(/[[\]{}]/g, '\\$&');
      expect(
        new RegExp(
          `Change log .* Time By Before lock Changed Old New .* UTC .* yes rules ` +
            `rules: ${rules('pct_agree >= 75 AND iqr <= 2')} rules: ${rules('pct_agree >= 80')}`,
        ).test(text),
        text.slice(text.indexOf('Change log'), text.indexOf('Change log') + 400),
      ).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('a study that has not started', () => {
  it('still reports its protocol and settings, and says there are no results yet', async () => {
    const t = await build();
    try {
      const { cookie } = await signedInFacilitator(t);
      const study = (await t.app.inject({ method: 'POST', url: '/api/studies', payload: studyBody, headers: { cookie } })).json();
      const page = await t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/report.html`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      const text = htmlText(page.body);
      for (const needle of ['not locked yet', 'No round has been analysed yet', 'Hyndman-Fan type 7', 'No rating round has closed yet'])
        expect(text.includes(needle), needle).toBe(true);
      const pdf = await t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/report.pdf`, headers: { cookie } });
      expect(pdf.statusCode).toBe(200);
      expect((await pdfText(pdf.rawPayload)).includes('Consensus protocol and its changes')).toBe(true);
      for (const format of ['xlsx', 'csv', 'json'])
        expect((await t.app.inject({ method: 'GET', url: `/api/studies/${study.id}/export.${format}`, headers: { cookie } })).statusCode, format).toBe(200);
    } finally {
      await t.close();
    }
  });
});
