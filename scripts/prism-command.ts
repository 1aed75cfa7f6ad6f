/**
 * How to run Prism (`--prism` of the contract runner): its CLI from the nearest node_modules,
 * the repository's or, in the package, the app's (Prism is an optional peer dependency). Says
 * how to install it when it is missing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export class PrismMissingError extends Error {
  override readonly name = 'PrismMissingError';
}

/** `node <prism's CLI>`, as command and leading arguments. */
export function prismCommand(): { command: string; args: string[] } {
  let manifestFile: string;
  try {
    manifestFile = createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new PrismMissingError(
      '--prism needs Prism, which is not installed: npm install --save-dev @stoplight/prism-cli@5 ' +
        '(or leave --prism out).',
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { bin: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.prism;
  if (bin === undefined) throw new PrismMissingError(`${manifestFile} names no "prism" command; reinstall Prism 5.`);
  return { command: process.execPath, args: [path.join(path.dirname(manifestFile), bin)] };
}
