import { defineConfig } from 'vitest/config';

// The UI has its own vite.config.ts with root ui/; `npm test` runs the API and unit tests
// (project "api") and the UI's logic tests (project "ui", vitest.ui.config.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'api',
          include: ['api/**/*.test.ts', 'db/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/bench/**', 'test/pg/**', 'node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      './vitest.ui.config.ts',
    ],
  },
});
