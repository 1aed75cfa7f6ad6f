import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: every child process runs from here, whatever the caller's cwd. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
