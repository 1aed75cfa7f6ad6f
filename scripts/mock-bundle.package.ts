/** In the package: the mock's bundle, built beside the runner's (mock-bundle.ts builds one in the repository). */
import { fileURLToPath } from 'node:url';

export function mockBundle(): Promise<string> {
  return Promise.resolve(fileURLToPath(new URL('./mock.mjs', import.meta.url)));
}
