/** In the package: Scalar's standalone bundle, copied beside the mock's bundle at build time (scalar-bundle.ts). */
import { fileURLToPath } from 'node:url';

export function scalarBundleFile(): string {
  return fileURLToPath(new URL('./scalar-standalone.js', import.meta.url));
}
