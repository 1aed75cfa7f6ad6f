/**
 * In the package: the suite's configuration over its compiled files (scripts/build-package.ts
 * builds them beside this file's bundle), the same settings as vitest.config.ts.
 */
import { fileURLToPath } from 'node:url';
import { contractSuiteConfig } from './vitest.config.ts';

export default contractSuiteConfig(fileURLToPath(new URL('.', import.meta.url)), ['*.test.mjs']);
