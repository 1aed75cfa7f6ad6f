/** In the package: the compiled suite's configuration, built beside the runner's bundle (suite-location.ts). */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const suiteConfigFile = fileURLToPath(new URL('./contract-suite/vitest.config.mjs', import.meta.url));

/** The compiled suite's test files by name (what --files matches). */
export function suiteTestFiles(): string[] {
  return readdirSync(fileURLToPath(new URL('./contract-suite/', import.meta.url))).filter((name) =>
    name.endsWith('.test.mjs'),
  );
}
