import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOpenRound, demoApp, pdfText, type DemoApp } from './helpers';

/**
 * Readers see words ("Consensus: include"), never the codes the data files keep (consensus_in).
 * The one exception is the protocol section, which reproduces the locked protocol and its change
 * log verbatim as the record of what was decided a priori (consensus-methods.md §10 item 1).
 */
const CODES = ['consensus_in', 'consensus_out', 'no_consensus', 'insufficient_data', 'hf6', 'hf7', 'decidedBy', 'no_opinion', 'split_off', 'linkedItemIds'];

let d: DemoApp;
let html: string;
let pdf: string;

const withoutProtocol = (text: string, start: string, end: string) => {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  expect(from, start).toBeGreaterThan(-1);
  expect(to, end).toBeGreaterThan(from);
  return text.slice(0, from) + text.slice(to);
};

/** Each code found, with a little context, so a failure says where it is. */
const codesIn = (text: string) =>
  [...text.matchAll(new RegExp(`\\b(${CODES.join('|')})\\b`, 'g'))].map((m) => text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 10));

beforeAll(async () => {
  d = await demoApp();
  await closeOpenRound(d);
  html = (await d.get(`/api/studies/${d.studyId}/report.html`)).text;
  pdf = await pdfText((await d.get(`/api/studies/${d.studyId}/report.pdf`)).body);
});
afterAll(() => d.t.close());

describe('the report reads as words, not codes', () => {
  it('has no outcome or setting code in the HTML outside the verbatim protocol', () => {
    const rest = withoutProtocol(html, '<section id="protocol"', '</section>');
    expect(codesIn(rest)).toEqual([]);
    expect(rest).toContain('Consensus: include');
    expect(rest).toContain('No consensus');
  });

  it('has no outcome or setting code in the PDF outside the verbatim protocol', () => {
    const rest = withoutProtocol(pdf, 'Consensus protocol and its changes The consensus protocol', 'Statistical settings');
    expect(codesIn(rest)).toEqual([]);
    expect(rest).toContain('Consensus: include');
  });

  it('shows the protocol rules in words in the console', async () => {
    const study = await d.json(`/api/studies/${d.studyId}`);
    for (const reading of study.protocolReadings) expect(reading).toMatch(/^Consensus: (include|exclude) when /);
  });
});
