// Only the rules that catch what the type checker cannot: a database call whose promise is
// dropped (a write that may never happen, or happen after its transaction ended) and
// SQLite-only query methods that would fail on PostgreSQL.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui/**', 'dist/**', 'db/migrations*/**', 'test/fixtures/**'] },
  {
    files: ['api/**/*.ts', 'db/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // SQLite-specific tests (pragmas, durability) use better-sqlite3 directly; the app may not.
    files: ['api/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[arguments.length=0][callee.property.name=/^(all|get|run)$/]",
          message: 'SQLite-only query method: await the query builder instead (db/client.ts).',
        },
      ],
    },
  },
);
