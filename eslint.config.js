// One lint configuration for the whole tree: typescript-eslint's type-checked
// rules, with Prettier owning the layout (npm run lint runs both).
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

// Folders whose code is the mock's rules alone, with no transport or platform under it.
const pureFolders = ['mock/domain/**'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'coverage/', '.stryker-tmp/', 'spec/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@stylistic': stylistic },
    rules: {
      // Prettier breaks code at 120 but leaves strings and comments whole; this catches those.
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        // A leading underscore marks a name kept for its position (a callback's first parameter);
        // a rest sibling is how a key is dropped from a copy ({ drop: _, ...kept }).
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A `let` read by a callback before its one assignment (a timer cleared by the callback it guards)
      // cannot be a const: the callback could run first and hit the temporal dead zone.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: pureFolders,
    rules: {
      // The domain is plain rules over plain data, runnable anywhere (tests, a browser, another
      // server): the platform (node:*) and the transports (Fastify, ws) belong to mock/http and mock/hub.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fastify', 'fastify/*', '@fastify/*', 'ws'],
              message: 'The domain takes no platform or transport; pass what it needs in from the caller.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'mock/testing/**/*.ts'],
    rules: {
      // Tests read answer bodies as `any`: Harness.request (mock/testing/harness.ts) checks every answer
      // against spec/session-api.yaml or spec/mock-control.yaml before it returns, so a field a test reads
      // is one the spec has vouched for; bodies read elsewhere (hub frames, browser pages) go straight
      // into expect(), where a wrong shape fails the test.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['mock/store/**/*.ts'],
    // The in-memory store fulfils the async SessionStore interface (a database-backed one would await);
    // its methods stay async so that a throw inside one still arrives as a rejected promise.
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The layers of docs/architecture.md: the core and the worlds run without Node (a browser under MSW).
  {
    files: ['mock/core/**/*.ts', 'mock/world/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fastify', 'fastify/*', 'ws'], message: 'mock/core and mock/world run without Node.' },
            { group: ['**/http/*', '**/hub/*', '**/docs/*'], message: 'Adapters sit below the core.' },
          ],
        },
      ],
    },
  },
);
