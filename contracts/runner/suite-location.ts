/**
 * The contract suite's vitest configuration: the sources' own, in the repository. The
 * package (scripts/build-package.ts) puts suite-location.package.ts in this module's place.
 */
import { fileURLToPath } from 'node:url';

export const suiteConfigFile = fileURLToPath(new URL('../vitest.config.ts', import.meta.url));
