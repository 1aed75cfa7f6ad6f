/**
 * Starts the mock, bundled as `npm start` runs it (scripts/mock-bundle.ts), as a
 * child process on a free port, for the scripts that check it from outside. Only
 * scripts/ joins the mock and the contract suite.
 */
import { fileURLToPath } from 'node:url';
import { startProcess, type Started } from '../contracts/runner/processes.ts';
import { mockBundle } from './mock-bundle.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function startMock(): Promise<Started> {
  return startProcess({
    name: 'the mock',
    command: process.execPath,
    args: [await mockBundle(), '--port', '0', '--log-level', 'warn'],
    cwd: root,
    readyPattern: /listening on (http:\/\/\S+)/,
  });
}
