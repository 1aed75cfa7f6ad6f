/**
 * The installed package's test (installed-package.test.ts): its own step of npm test, as it packs
 * the package and installs it from the npm registry into a temporary app.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['installed-package.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
