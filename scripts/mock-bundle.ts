/**
 * The mock as `npm start` runs it: bundled by scripts/build-mock.ts. Scripts that
 * check the mock from outside (the contract runner, the benchmark) start this, so
 * what they measure and check is what users run. Built once per process into a
 * temporary directory of its own (so concurrent runs never share one), removed at exit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildMock } from './build-mock.ts';

let built: Promise<string> | undefined;

/** The path of the bundled mock's entry file (`node <it> [mock options]`). */
export function mockBundle(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'session-api-mock-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return (await buildMock(dir)).file;
  })();
  return built;
}
