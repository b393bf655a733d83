/**
 * The panelist app must stay small for a slow phone (quality.md: aim under 100 KB gzipped), and
 * /join must not download the facilitator console. Weighed from the build's manifest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUi, ROOT } from './harness';

interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
}

const dist = join(ROOT, 'ui', 'dist');
let manifest: Record<string, Chunk>;

/** Files a page downloads for these chunks: their code, static imports and CSS. */
function closure(keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return files;
}

const gzipped = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);

beforeAll(() => {
  buildUi();
  manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
});

describe('the panelist bundle', () => {
  it('loads no console code on /join', () => {
    const panel = closure(['index.html', 'src/lib/panelist/PanelistApp.svelte']);
    const consoleOnly = manifest['src/lib/console/ConsoleApp.svelte'].file;
    expect(panel.has(consoleOnly)).toBe(false);
  });

  it('stays under 100 KB gzipped, HTML, scripts and styles together', () => {
    const files = closure(['index.html', 'src/lib/panelist/PanelistApp.svelte']);
    const total = gzipped(files) + gzipSync(readFileSync(join(dist, 'index.html'))).length;
    console.log(`Panelist app: ${(total / 1024).toFixed(1)} KB gzipped (${[...files].join(', ')})`);
    expect(total).toBeLessThan(100 * 1024);
  });
});
