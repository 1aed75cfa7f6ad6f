/**
 * The browser bundle scripts/build-msw.ts makes, built afresh for a test (in a
 * child process, as CI or an app's build would run it) into a folder of the
 * checkout's tmp/, so that its `import "msw"` finds the checkout's msw (the one
 * the test's setupServer or page uses); removed after.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Not contracts/runner/repo-root.ts: under happy-dom, URL is happy-dom's, which fileURLToPath refuses.
const repoRoot = resolve(import.meta.dirname, '../../..');

export interface BuiltBundle {
  /** The bundle's index.js. */
  readonly file: string;
  readonly dir: string;
  remove(): void;
}

export async function buildBundleForTest(): Promise<BuiltBundle> {
  const parent = join(repoRoot, 'tmp');
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'msw-bundle-'));
  const tsx = join(repoRoot, 'node_modules/.bin/tsx');
  await promisify(execFile)(tsx, ['scripts/build-msw.ts', '--out-dir', dir, '--quiet'], { cwd: repoRoot });
  const file = join(dir, 'index.js');
  statSync(file);
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
