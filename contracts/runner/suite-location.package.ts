/** In the package: the compiled suite's configuration, built beside the runner's bundle (suite-location.ts). */
import { fileURLToPath } from 'node:url';

export const suiteConfigFile = fileURLToPath(new URL('./contract-suite/vitest.config.mjs', import.meta.url));
