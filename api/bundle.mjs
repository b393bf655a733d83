// Bundles the server into dist/ for `npm start` with plain node: one ES module, dependencies left
// in node_modules (native ones such as better-sqlite3 and argon2 cannot be bundled, and keeping all
// of them out keeps `npm ci --omit=dev` the only install step). Files the server reads beside its
// own module (migrations, the export schema) are copied next to the bundle.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [`${root}api/cli.ts`],
  outfile: `${dist}/cli.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
});
cpSync(`${root}db/migrations`, `${dist}/migrations`, { recursive: true });
cpSync(`${root}db/migrations-pg`, `${dist}/migrations-pg`, { recursive: true });
cpSync(`${root}api/reports/study-file/study-export.schema.json`, `${dist}/study-export.schema.json`);
console.log('Server bundled into dist/.');
