import { describe, expect, it } from 'vitest';
import { causeEffectSvg, edgesAbove, influenceGraphSvg, type MapElement } from './influence-map-svg';

const elements: MapElement[] = [
  { code: 'CI', label: 'Capacity imbalance' },
  { code: 'IA', label: 'Information asymmetry' },
  { code: 'PD', label: 'Power <distance> & "rank"' },
];
// t_ij: threshold 0.3 keeps CI→PD (0.5), PD→CI (0.4) and IA→PD (0.31); 0.3 itself and the diagonal never draw.
const total = [
  [0.9, 0.2, 0.5],
  [0.1, 0.9, 0.31],
  [0.4, 0.3, 0.9],
];

const tags = (svg: string, tag: string) => [...svg.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))].map((m) => m[0]);
const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

describe('influenceGraphSvg', () => {
  const edges = edgesAbove(
    elements.map((e) => e.code),
    total,
    0.3,
  );
  const svg = influenceGraphSvg({ elements, edges, threshold: 0.3, title: 'Panel' });

  it('draws one node per element and an arrow for each relation above the threshold, none at or below it', () => {
    expect(
      tags(svg, 'g')
        .filter((t) => t.includes('class="node"'))
        .map((t) => attr(t, 'data-code')),
    ).toEqual(['CI', 'IA', 'PD']);
    const drawn = tags(svg, 'g')
      .filter((t) => t.includes('class="edge"'))
      .map((t) => `${attr(t, 'data-from')}>${attr(t, 'data-to')}`);
    expect(drawn).toEqual(['CI>PD', 'IA>PD', 'PD>CI']);
    for (const below of ['CI>IA', 'IA>CI', 'PD>IA', 'CI>CI']) expect(drawn).not.toContain(below);
    expect(svg.match(/<polygon /g)).toHaveLength(3);
  });

  it('escapes labels, so an element name cannot open markup', () => {
    expect(svg).toContain('Power &lt;distance&gt; &amp; &quot;rank&quot;');
    expect(svg).not.toContain('<distance>');
  });

  it('says in its accessible name which relations it draws, or that none is above the threshold', () => {
    expect(attr(tags(svg, 'svg')[0], 'aria-label')).toContain('CI → PD (t = 0.500)');
    const empty = influenceGraphSvg({ elements, edges: edgesAbove(['CI', 'IA', 'PD'], total, 0.6), threshold: 0.6, title: 'Panel' });
    expect(tags(empty, 'g').filter((t) => t.includes('class="edge"'))).toEqual([]);
    expect(empty).toContain('No relation above the threshold');
  });

  it('has only finite coordinates, also for a map with no edges', () => {
    const empty = influenceGraphSvg({ elements, edges: [], threshold: 0, title: 'x' });
    for (const s of [svg, empty]) expect(s).not.toMatch(/NaN|Infinity/);
  });
});

describe('causeEffectSvg', () => {
  const svg = causeEffectSvg({ elements, prominence: [2.1, 1.2, 2.6], relation: [0.4, -0.7, 0], title: 'Strategic staff' });

  it('places each element as a labelled point, causes above the zero line and effects below', () => {
    const points = tags(svg, 'g').filter((t) => t.includes('class="element"'));
    expect(points.map((t) => [attr(t, 'data-code'), attr(t, 'data-side')])).toEqual([
      ['CI', 'cause'],
      ['IA', 'effect'],
      ['PD', 'neither'],
    ]);
    const zero = Number(
      attr(
        tags(svg, 'line').find((t) => t.includes('class="zero"'))!,
        'y1',
      ),
    );
    const cy = tags(svg, 'circle').map((t) => Number(attr(t, 'cy')));
    expect(cy[0]).toBeLessThan(zero);
    expect(cy[1]).toBeGreaterThan(zero);
    expect(cy[2]).toBe(zero);
    const cx = tags(svg, 'circle').map((t) => Number(attr(t, 'cx')));
    expect(cx[1]).toBeLessThan(cx[0]);
    expect(cx[0]).toBeLessThan(cx[2]);
    for (const e of elements.slice(0, 2)) expect(svg).toContain(`>${e.label}</text>`);
    expect(svg).toContain('Power &lt;distance&gt;');
  });

  it('draws a single element or equal figures without dividing by zero', () => {
    const flat = causeEffectSvg({ elements, prominence: [1, 1, 1], relation: [0, 0, 0], title: 'Flat' });
    expect(flat).not.toMatch(/NaN|Infinity/);
  });
});
