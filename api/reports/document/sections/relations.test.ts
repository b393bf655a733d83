import { describe, expect, it } from 'vitest';
import { referenceResults } from '../../../../test/helpers/relations-reference';
import { renderHtml } from '../html-report';
import { renderPdf } from '../pdf-report';
import { relationsSection, type RelationsBlockReport } from './relations';

const LABELS: Record<string, string> = {
  CI: 'Capacity imbalance',
  IA: 'Information asymmetry <about expertise>',
  OD: 'Organisational dissimilarity',
  PD: 'Power distance',
  RA: 'Role ambiguity',
};
const { round2 } = referenceResults(LABELS);
const elements = Object.entries(LABELS).map(([code, label]) => ({ code, label }));
const report = (threshold: number | null): RelationsBlockReport => ({
  round: 2,
  position: 1,
  title: 'Round 2: how the asymmetries act on each other',
  elements,
  result: round2,
  threshold,
});

function html(threshold: number | null): string {
  const section = relationsSection([report(threshold)]);
  if (section === null) throw new Error('no section');
  return renderHtml({ title: 'T', subtitle: 'S', meta: [], sections: [section] });
}
const edgesIn = (page: string) => [...page.matchAll(/<g class="edge" data-from="(\w+)" data-to="(\w+)"/g)].map((m) => `${m[1]}>${m[2]}`);

describe('the relations section of the report', () => {
  it('is left out when the study has no relations block', () => {
    expect(relationsSection([])).toBeNull();
  });

  it('shows both pictures for the panel and for each group, side by side, and flags power distance', () => {
    const page = html(null);
    expect(page.match(/<svg[^>]*class="influence cause-effect"/g)).toHaveLength(3);
    expect(page.match(/<svg[^>]*class="influence graph"/g)).toHaveLength(3);
    expect(page.match(/<div class="chart-row">/g)).toHaveLength(3);
    expect(page).toContain('yes: a cause for some, an effect for others');
    expect(page).toContain('Information asymmetry &lt;about expertise&gt;');
    expect(page).not.toContain('<about expertise>');
  });

  it('prints the matrices, the per-relation statistics with their change, and the unrated pair', () => {
    const page = html(null);
    expect(page).toContain('Direct influence Z');
    expect(page).toContain('Total influence T');
    expect(page).toContain('Each relation: ratings, verdict and change since the previous round');
    expect(page).toContain('80.0 %');
    expect(page).toContain('Pairs without a valid rating (counted as 0): OD → RA.');
    expect(page).toContain('Threshold α = ');
  });

  it('records a threshold the facilitator set and redraws the panel map from T with it', () => {
    if (!round2.map.ok) throw new Error('no map');
    const alphaEdges = edgesIn(html(null));
    const page = html(0.7);
    expect(page).toContain('Threshold set by the facilitator: 0.7000; mean of T: ');
    const expected = round2.map.total.flatMap((row, i) => row.flatMap((t, j) => (i !== j && t > 0.7 ? [`${round2.elements[i]}>${round2.elements[j]}`] : [])));
    expect(expected.length).toBeGreaterThan(0);
    expect(edgesIn(page).slice(0, expected.length)).toEqual(expected);
    expect(edgesIn(page).length).toBeLessThan(alphaEdges.length);
  });

  it('renders into a PDF with the pictures as vector drawings', async () => {
    const section = relationsSection([report(null)]);
    const pdf = await renderPdf({ title: 'T', subtitle: 'S', meta: [['Study', 'relations']], sections: [section!] });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
  });
});
