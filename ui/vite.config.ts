import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
// The UI shares the server's contract and schemas through these aliases, never by climbing into api/.
export const contractAliases = {
  $contract: fileURLToPath(new URL('../api/contract', import.meta.url)),
  $schemas: fileURLToPath(new URL('../api/schemas', import.meta.url)),
  // The report's influence-map pictures (pure strings), so the console draws the very same SVG.
  '$influence-map': fileURLToPath(new URL('../api/reports/document/influence-map-svg.ts', import.meta.url)),
};
const apiTarget = process.env.DELPHI_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [svelte()],
  resolve: { alias: contractAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Lists each entry's chunks, so the e2e suite can weigh what /join downloads.
    manifest: true,
    // The panelist app must stay small on a slow phone; the console is split off by dynamic import.
    chunkSizeWarningLimit: 300,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
