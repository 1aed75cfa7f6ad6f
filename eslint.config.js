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
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
