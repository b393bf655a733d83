import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium (Debian's, through playwright-core) driving the built UI against a
// real server the tests start themselves. One file at a time, one fork: they share a port range
// and a browser is heavy on a 2-core machine.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
