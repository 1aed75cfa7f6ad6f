// One lint configuration for the whole tree: typescript-eslint's type-checked
// rules, with Prettier owning the layout (npm run format:check).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'coverage/', '.stryker-tmp/', 'spec/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
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
