/**
 * The runner's newer options refuse a bad value with exit 2 and a message that says what to do, before
 * any check runs (scripts/contracts.ts).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './repo-root.ts';

const run = async (args: string[]): Promise<{ code: number; output: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/contracts.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
};

// Nothing listens on port 9 of the loopback; each case must be refused before the runner tries it.
const nowhere = 'http://127.0.0.1:9/v1';

describe('the contract runner refuses', () => {
  test('a --files name that matches none of the suite files, listing them', async () => {
    const { code, output } = await run(['--base-url', nowhere, '--files', 'no-such-file']);
    expect(code).toBe(2);
    expect(output).toMatch(/"no-such-file" names none of the suite's files; use part of one of: .*kick-user/);
  });

  test('a --server-openapi file that cannot be read, naming it', async () => {
    const { code, output } = await run(['--base-url', nowhere, '--server-openapi', 'no/such/openapi.yaml']);
    expect(code).toBe(2);
    expect(output).toContain('--server-openapi no/such/openapi.yaml: cannot read the file: ENOENT');
  });

  test('--compare-with with something that is not a URL', async () => {
    const { code, output } = await run(['--base-url', nowhere, '--compare-with', 'mock']);
    expect(code).toBe(2);
    expect(output).toContain('"mock" is not an http(s) URL');
  });

  test('--compare-with together with --prism, saying how to do both', async () => {
    const { code, output } = await run(['--base-url', nowhere, '--compare-with', nowhere, '--prism']);
    expect(code).toBe(2);
    expect(output).toContain('--compare-with and --prism do not go together');
  });

  test('and --help lists the new options', async () => {
    const { code, output } = await run(['--help']);
    expect(code).toBe(0);
    for (const option of ['--compare-with', '--compare-api-key', '--server-openapi', '--files', '--model-seed'])
      expect(output).toContain(option);
  });
});
