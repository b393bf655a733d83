import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PACKAGE } from '../package-info';

/** The libraries a reviewer needs to reproduce the numbers (consensus-methods.md §10 item 10, §11). */
export const REPORTED_LIBRARIES = {
  fastify: 'web server and API',
  'drizzle-orm': 'database queries',
  'better-sqlite3': 'SQLite database driver',
  zod: 'validation of every request and of the study export',
  pdfmake: 'PDF layout of this report',
  '@stdlib/stats-base-dists-normal-cdf': 'normal distribution (Mann-Whitney, Wilcoxon p-values)',
  '@stdlib/stats-base-dists-chisquare-cdf': "chi-square distribution (Kruskal-Wallis, Kendall's W, McNemar p-values)",
  '@stdlib/stats-base-dists-binomial-cdf': 'binomial distribution (exact McNemar p-values)',
  '@stdlib/stats-base-dists-signrank-cdf': 'signed-rank distribution (exact Wilcoxon p-values)',
} as const;

export interface SoftwareVersions {
  service: { name: string; version: string; license: string };
  /** The statistics engine is api/stats of this service; it has no version of its own. */
  engine: { name: string; version: string };
  node: string;
  libraries: { name: string; version: string; role: string }[];
}

// dist/ in the bundle, api/reports/ in the sources: the nearest folder up with node_modules.
const root = ['../', '../../'].map((up) => fileURLToPath(new URL(up, import.meta.url))).find((dir) => existsSync(`${dir}node_modules`)) ?? process.cwd();

/**
 * Versions as installed, read from each package.json at run time: the lock file says what should
 * be there, node_modules says what actually ran. Packages whose exports hide package.json are read
 * by path for the same reason.
 */
export function softwareVersions(): SoftwareVersions {
  const own = { name: PACKAGE.name, version: PACKAGE.version, license: PACKAGE.license };
  return {
    service: own,
    engine: { name: `${own.name} statistics engine (api/stats)`, version: own.version },
    node: process.versions.node,
    libraries: Object.entries(REPORTED_LIBRARIES).map(([name, role]) => ({
      name,
      role,
      version: readPackage(`${root}node_modules/${name}/package.json`).version,
    })),
  };
}

let cached: SoftwareVersions | undefined;

/** softwareVersions() read once per process. */
export function installedVersions(): SoftwareVersions {
  cached ??= softwareVersions();
  return cached;
}

function readPackage(path: string): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
    return { name: pkg.name ?? 'unknown', version: pkg.version ?? 'unknown' };
  } catch {
    return { name: 'unknown', version: 'not installed' };
  }
}
