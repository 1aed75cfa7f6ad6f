/**
 * Where Scalar's standalone bundle is: in node_modules, in the repository. The package
 * (scripts/build-package.ts) copies the file beside its bundle and puts
 * scalar-bundle.package.ts in this module's place, so that Scalar is no dependency.
 */
import { createRequire } from 'node:module';

export function scalarBundleFile(): string {
  return createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
}
