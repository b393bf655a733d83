// `npm start`: serves the bundle in dist/ with plain node. On a fresh clone (or after a change to
// the sources) it builds first, so `npm install && npm start` stays the whole quick start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist', 'cli.js');
const ui = join(root, 'ui', 'dist', 'index.html');

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = Math.max(...['api', 'db', 'ui/src', 'ui/index.html', 'package.json'].map((p) => newest(join(root, p))));
const built = Math.min(existsSync(bundle) ? statSync(bundle).mtimeMs : 0, existsSync(ui) ? statSync(ui).mtimeMs : 0);
if (built < sources) {
  const hasTools = existsSync(join(root, 'node_modules', 'vite')) && existsSync(join(root, 'node_modules', 'esbuild'));
  if (!hasTools) {
    if (!existsSync(bundle)) {
      console.error('dist/ is missing and the build tools are not installed (npm ci --omit=dev?). Run `npm install && npm run build` first.');
      process.exit(1);
    }
    console.warn('The sources are newer than dist/, but the build tools are not installed: serving the existing build.');
  } else {
    console.log(existsSync(bundle) ? 'The sources changed: building (npm run build)…' : 'First start: building the web app and the server (npm run build)…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const { main } = await import(bundle);
const code = await main(['serve', '--demo', ...process.argv.slice(2)]);
if (code >= 0) process.exitCode = code;
