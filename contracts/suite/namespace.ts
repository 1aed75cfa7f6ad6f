/**
 * Which world of the mock the suite acts in. The mock keeps sessions, clock, faults and
 * journal per world, picked by the X-Mock-Namespace header (spec/mock-control.yaml, issue 13);
 * a real server ignores the header. Each test file gets a world of its own, derived from the
 * run's namespace, so that files may run in parallel and runs may share one mock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { basename } from 'node:path';

export const namespaceHeader = 'X-Mock-Namespace';
export const namespacePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const maxLength = 64;

/** Why `name` is not a namespace, in words that say what to send instead; undefined when it is one. */
export function namespaceProblem(name: string): string | undefined {
  if (namespacePattern.test(name)) return undefined;
  return (
    `"${name}" is not a namespace: give 1 to ${maxLength} characters, a letter or digit first, ` +
    'then letters, digits, ".", "_" or "-" (such as ci-42 or alice.local)'
  );
}

/** A namespace for a run that was given none: fresh, so that two such runs never meet. */
export function randomRunNamespace(): string {
  return `contracts-${randomBytes(4).toString('hex')}`;
}

/**
 * The namespace of one test file: `${run}.${file base}`, such as `ci-42.kick-user`. Too long a
 * name keeps its first characters and ends in a hash of the whole, so that it stays distinct.
 */
export function fileNamespace(run: string, file: string): string {
  const base = basename(file)
    .replace(/\.test\.[cm]?[jt]s$/, '')
    .replace(/[^A-Za-z0-9._-]/g, '-');
  const whole = `${run}.${base}`;
  if (whole.length <= maxLength) return whole;
  const hash = createHash('sha256').update(whole).digest('hex').slice(0, 10);
  return `${whole.slice(0, maxLength - hash.length - 1)}-${hash}`;
}
