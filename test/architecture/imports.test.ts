import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers the issue (#14) asks for: routes call services, services never reach back up into
// plugins (which know about requests), and no two files need each other to load. Checked over the
// source text, so a new import that breaks a rule fails here before review has to spot it.

const ROOT = resolve(import.meta.dirname, '../..');

interface Edge {
  from: string;
  to: string;
  /** `await import('…')`: runs once both files have loaded (client.ts so loads pg only for PostgreSQL). */
  lazy: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

// Static `import … from` / `export … from` (one or many lines), side-effect `import '…'` and `import('…')`.
const STATIC = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
}

export function importGraph(dirs: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const file of dirs.flatMap((d) => tsFiles(join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    const from = relative(ROOT, file);
    const add = (spec: string, lazy: boolean) => {
      const target = resolveImport(file, spec);
      if (target) edges.push({ from, to: relative(ROOT, target), lazy });
    };
    for (const m of text.matchAll(STATIC)) add(m[1], false);
    for (const m of text.matchAll(DYNAMIC)) add(m[1], true);
  }
  return edges;
}

/**
 * Each group of files that reach each other (Tarjan's strongly connected components), with one
 * loop through it (first file repeated at the end) to show where to cut.
 */
export function cycles(edges: Array<{ from: string; to: string }>): Array<{ loop: string[]; files: string[] }> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (next.get(v) ?? []).includes(v)) groups.push(group);
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return groups.map((group) => ({ loop: loopWithin(new Set(group), next), files: group.sort() }));
}

/** A shortest path from the group's first file back to itself, staying inside the group. */
function loopWithin(group: Set<string>, next: Map<string, string[]>): string[] {
  const start = [...group].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = cameFrom.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const graph = importGraph(['api', 'db']);
const crossing = (fromDir: string, toDir: string) =>
  graph.filter((e) => e.from.startsWith(fromDir) && e.to.startsWith(toDir)).map((e) => `${e.from} -> ${e.to}`);

describe('the import graph of api/ and db/', () => {
  it('is read from the source (a sanity check on the parser)', () => {
    expect(graph.length).toBeGreaterThan(300);
    expect(graph).toContainEqual({ from: 'api/app.ts', to: 'api/plugins/auth.ts', lazy: false });
    // Type-only (`import type { Section } from '../blocks'`) and lazy (`await import('./postgres')`) imports are read too.
    expect(graph).toContainEqual({ from: 'api/reports/document/sections/software.ts', to: 'api/reports/document/blocks.ts', lazy: false });
    expect(graph).toContainEqual({ from: 'db/client.ts', to: 'db/postgres.ts', lazy: true });
  });

  it('has no service importing a plugin (services take rows and ids, never a request)', () => {
    expect(crossing('api/services/', 'api/plugins/')).toEqual([]);
  });

  it('has no route importing a repository (each handler calls services)', () => {
    expect(crossing('api/routes/', 'api/repositories/')).toEqual([]);
  });

  it('has no files that import each other in a loop', () => {
    // Type-only imports count too: a loop of types is still two files that cannot be read apart. A
    // lazy import() does not: it is how a module picks an implementation that needs its types
    // (client.ts opens sqlite.ts or postgres.ts, which implement client.ts's Db).
    const loops = cycles(graph.filter((e) => !e.lazy));
    expect(loops.map(({ loop, files }) => `${loop.join(' -> ')} (${files.length} files: ${files.join(', ')})`)).toEqual([]);
  });
});

describe('the loop finder', () => {
  it('reports each loop once, by its files, and ignores a mere diamond', () => {
    // a → b → c → a is a loop and f imports itself; a → d → e beside b → e is only a diamond.
    const edges = ['ab', 'bc', 'ca', 'ad', 'de', 'be', 'ff'].map(([from, to]) => ({ from, to }));
    expect(cycles(edges)).toEqual(
      expect.arrayContaining([
        { loop: ['a', 'b', 'c', 'a'], files: ['a', 'b', 'c'] },
        { loop: ['f', 'f'], files: ['f'] },
      ]),
    );
    expect(cycles(edges)).toHaveLength(2);
  });
});
