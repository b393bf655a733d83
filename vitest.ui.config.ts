import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { contractAliases } from './ui/vite.config';

// Unit tests of the web UI's logic (answer queue, live connection, chart geometry). They run in
// node: the logic takes its storage, sockets and timers as arguments, so no DOM is needed.
export default defineConfig({
  plugins: [svelte()],
  resolve: { alias: contractAliases },
  test: {
    name: 'ui',
    include: ['ui/src/**/*.test.ts'],
    environment: 'node',
  },
});
