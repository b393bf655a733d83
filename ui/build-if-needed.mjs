// Builds the web UI when ui/dist is missing or older than its sources, so `npm start` always
// serves the current UI without a separate build step. Exits 0 without building otherwise.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = fileURLToPath(new URL('.', import.meta.url));
const built = join(ui, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const sources = [join(ui, 'src'), join(ui, 'index.html'), join(ui, 'vite.config.ts'), join(ui, '..', 'api', 'schemas')];
const sourceTime = Math.max(...sources.filter(existsSync).map(newest));

if (existsSync(built) && statSync(built).mtimeMs >= sourceTime) process.exit(0);

console.log(existsSync(built) ? 'The web UI sources changed: building ui/dist…' : 'Building the web UI (ui/dist)…');
// A production bundle even when started from a test runner (vitest sets NODE_ENV=test, which
// would give Svelte's larger development build).
process.env.NODE_ENV = 'production';
let build;
try {
  ({ build } = await import('vite'));
} catch {
  console.warn('vite is not installed (npm install without dev dependencies?): serving without the web UI.');
  process.exit(0);
}
await build({ configFile: join(ui, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
console.log('Web UI built.');
