import { defineConfig } from 'vitest/config';

// `npm run test:pg`: the API and service suites again, on PostgreSQL. Every test app gets a
// schema of its own in the database TEST_DATABASE_URL names (see test/helpers/build.ts), plus
// the PostgreSQL-only tests in test/pg (migrations, two server instances). Start a throwaway
// server with `eval "$(.ci/postgres.sh start)"`.
export default defineConfig({
  test: {
    name: 'pg',
    include: [
      'test/db/seam.test.ts',
      'test/db/save-close-order.test.ts',
      'test/api/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/email/**/*.test.ts',
      'test/reports/**/*.test.ts',
      'test/pg/**/*.test.ts',
    ],
    exclude: [
      'node_modules/**',
      // SQLite-only: a server killed mid-write on its database file, and two instances sharing one file.
      'test/security/durability.test.ts',
      'test/email/races.test.ts',
    ],
    globalSetup: ['test/pg/require-database.ts'],
    // npm test stays on SQLite even when TEST_DATABASE_URL is set in the shell.
    env: { DELPHI_TEST_BACKEND: 'postgres' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
