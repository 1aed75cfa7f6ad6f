/**
 * Starts the mock, bundled as `npm start` runs it (scripts/mock-bundle.ts), as a
 * child process on a free port, for the scripts that check it from outside (the
 * contract runner, the fuzzer, the soak). Only scripts/ joins the mock and the
 * contract suite.
 */
import { startProcess, type Started } from '../contracts/runner/processes.ts';
import { mockBundle } from './mock-bundle.ts';
import { mockNodeOptions } from './mock-node-options.ts';

export interface MockOptions {
  /** Extra arguments after `--port 0 --log-level <level>`. */
  args?: readonly string[];
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

export async function startMock(options: MockOptions = {}): Promise<Started> {
  return startProcess({
    name: 'the mock',
    command: process.execPath,
    args: [
      ...mockNodeOptions,
      await mockBundle(),
      ...['--port', '0', '--log-level', options.logLevel ?? 'warn'],
      ...(options.args ?? []),
    ],
    url: /listening on (http:\/\/\S+)/,
  });
}
