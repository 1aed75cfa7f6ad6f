import { fileURLToPath } from 'node:url';

/** The repository root: child processes run from here, and reports go under it, whatever the caller's cwd. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
