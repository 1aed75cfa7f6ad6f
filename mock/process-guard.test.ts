/**
 * The process guard in a child process, as mock/main.ts installs it: an error
 * nothing caught is logged with its stack and counted, and the process lives on.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const guard = fileURLToPath(new URL('./process-guard.ts', import.meta.url));

/** Runs a script that throws from a timer and rejects a promise, then prints the count if it still runs. */
function runChild(install: boolean) {
  const script = `
    const { installProcessGuard, unexpectedErrorCount } = await import(${JSON.stringify(guard)});
    if (${install}) installProcessGuard();
    setTimeout(() => { throw new Error('thrown from a timer'); }, 1);
    setTimeout(() => void Promise.reject(new Error('rejected, never handled')), 5);
    setTimeout(() => console.log('still serving, count ' + unexpectedErrorCount()), 50);`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('process guard', () => {
  test(
    'logs an uncaught exception and an unhandled rejection with their stacks, counts both, and the process ' +
      'keeps running',
    () => {
      const run = runChild(true);
      expect(run.stdout).toContain('still serving, count 2');
      expect(run.stderr).toMatch(/unexpected error #1 in an uncaught exception .*Error: thrown from a timer\n\s+at /);
      expect(run.stderr).toMatch(/unexpected error #2 in an unhandled rejection .*Error: rejected, never handled/);
      expect(run.status).toBe(0);
    },
  );

  test('without it, the same error ends the process (what the guard prevents)', () => {
    const run = runChild(false);
    expect(run.stdout).not.toContain('still serving');
    expect(run.status).not.toBe(0);
  });
});
