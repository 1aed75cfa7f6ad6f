/**
 * The contract suite's vitest configuration: the sources' own, in the repository. The
 * package (scripts/build-package.ts) puts suite-location.package.ts in this module's place.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const suiteConfigFile = fileURLToPath(new URL('../vitest.config.ts', import.meta.url));

/** The suite's test files by name (what --files matches). */
export function suiteTestFiles(): string[] {
  return readdirSync(fileURLToPath(new URL('../suite/', import.meta.url))).filter((name) => name.endsWith('.test.ts'));
}
