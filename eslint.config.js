// typescript-eslint's recommended type-checked rules over api, db, test and ui, with Svelte's own
// rules for components. Beyond that, only the rules that catch what the type checker cannot: a
// database call whose promise is dropped (a write that may never happen, or happen after its
// transaction ended) and SQLite-only query methods that would fail on PostgreSQL.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'ui/dist/**', 'db/migrations*/**', 'test/fixtures/**', 'coverage/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // Flags every Map, Date or URL in a component or state class, also those that never outlive a
      // function (a tally inside $derived, a URL pushed to history) or are replaced, never mutated.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // typescript-eslint reads a component imported into another as any (it has no svelte2tsx), so
    // callbacks passed to it get untyped parameters; svelte-check does type them, against the props.
    files: ['**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    rules: {
      // Fastify plugins and route registrars are async by Fastify's contract, and the SQLite Db
      // mirrors PostgreSQL's async interface: an async function without await is deliberate there.
      '@typescript-eslint/require-await': 'off',
      // tsc's noUnusedLocals/noUnusedParameters (and svelte-check for components) already report
      // these, with the same exemptions (_-prefixed names, siblings of a rest element): one report each.
      '@typescript-eslint/no-unused-vars': 'off',
      // ws hands 'message' listeners a Buffer (binaryType 'nodebuffer', its default, which nothing
      // here changes), so String(data) decodes UTF-8; RawData's other members never arrive.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'RawData', 'ArrayBuffer'] }],
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
          selector: 'CallExpression[arguments.length=0][callee.property.name=/^(all|get|run)$/]',
          message: 'SQLite-only query method: await the query builder instead (db/client.ts).',
        },
      ],
    },
  },
  {
    // Tests read response bodies through inject().json() and JSON.parse, which are typed any, and
    // then assert on them: the assertion is the check, a type for every body would only restate it.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain Node scripts outside every tsconfig (allowJs is off): no type information to check with.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
