/** The PostgreSQL suite needs a server: say so plainly instead of failing every test. */
export default function requireDatabase(): void {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('npm run test:pg needs TEST_DATABASE_URL=postgres://... (start a throwaway server with: eval "$(.ci/postgres.sh start)")');
  }
}
