import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { contractAliases } from './ui/vite.config';

// Unit tests of the web UI's logic (answer queue, live connection, chart geometry). They run in
// node: the logic takes its storage, sockets and timers as arguments, so no DOM is needed.
export default defineConfig({
  // Svelte's client build and runtime, so that state classes (*.svelte.ts) react in tests as in the
  // browser: under node vitest would otherwise get the server build, which compiles $effect away.
  plugins: [svelte({ dynamicCompileOptions: () => ({ generate: 'client' }) })],
  ssr: { resolve: { conditions: ['browser'] } },
  resolve: { alias: contractAliases },
  test: {
    name: 'ui',
    include: ['ui/src/**/*.test.ts'],
    environment: 'node',
  },
});
