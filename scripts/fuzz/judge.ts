/**
 * Whether one answer of the mock to a fuzzed request is acceptable: never a 5xx;
 * for an operation, what spec/session-api.yaml documents (checkResponse); for an
 * unknown path 404 and for a known path's other methods 405 with Allow, both as
 * problem+json; 431 for headers past Node's limit; 400 for a malformed
 * `Prefer: latency` (docs/rules.md §19) and for an invalid `X-Mock-Namespace`
 * (spec/mock-overlay.yaml), judged by spec/session-api.yaml with that overlay.
 */
import { maxLatencyMs } from '../../mock/core/index.ts';
import type { ApiDescription, OperationDescription } from '../../spec/index.ts';
import type { FuzzCase } from './cases.ts';

/** `code` and `syscall`: those of Node's system error, when the request failed with one. */
export type Observed =
  | { kind: 'answer'; status: number; headers: Record<string, string | undefined>; body: string }
  | { kind: 'error'; message: string; code?: string; syscall?: string };

/** Mirrors the mock's reading of `Prefer: latency=` (0 to maxLatencyMs whole milliseconds). */
function hasInvalidLatency(prefer: string): boolean {
  return prefer.split(/[,;]/).some((token) => {
    const [name, value] = token.split('=').map((part) => part.trim());
    if (name?.toLowerCase() !== 'latency') return false;
    return value === undefined || !/^\d+$/.test(value) || Number(value) > maxLatencyMs;
  });
}

/**
 * What the client sees when the mock answers a request past a limit (413 for the
 * body, 431 for the headers, both with `Connection: close`, docs/reliability.md)
 * and closes the connection while the client is still writing: its next write
 * fails with EPIPE (the socket is closed) or ECONNRESET (the server reset it).
 * A failed read, undici's "other side closed" (UND_ERR_SOCKET) or a timeout is a
 * lost answer, never this.
 */
const closedWhileWriting = new Set(['EPIPE', 'ECONNRESET']);

function isClosedWhileWriting(observed: Observed & { kind: 'error' }): boolean {
  return observed.syscall === 'write' && observed.code !== undefined && closedWhileWriting.has(observed.code);
}

function problemViolations(
  api: ApiDescription,
  observed: { headers: Record<string, string | undefined>; body: string },
  status: number,
): string[] {
  const type = (observed.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (type !== 'application/problem+json') return [`content-type is "${type}", expected application/problem+json`];
  let body: unknown;
  try {
    body = JSON.parse(observed.body);
  } catch {
    return [`the problem body is not JSON: ${observed.body.slice(0, 120)}`];
  }
  const validate = api.schema('Problem');
  if (!validate(body))
    return [`the problem body breaks the Problem schema: ${JSON.stringify(validate.errors?.slice(0, 2))}`];
  if ((body as { status: number }).status !== status)
    return [`the problem's status ${(body as { status: number }).status} differs from the HTTP status ${status}`];
  return [];
}

/** An answer the client asked for with `Prefer: code=NNN` (a documented example, not a failure). */
export function isPreview(observed: Observed): boolean {
  return observed.kind === 'answer' && /(^|,\s*)code=\d{3}/.test(observed.headers['preference-applied'] ?? '');
}

/** Node's default --max-http-header-size: the request line and headers together. */
export const maxHeaderBytes = 16 * 1024;

/**
 * `headerBytes`: the size of the request line and headers as sent; past
 * maxHeaderBytes the answer must be 431, well below it must not be.
 */
export function judge(
  api: ApiDescription,
  operations: readonly OperationDescription[],
  fuzzCase: FuzzCase,
  observed: Observed,
  headerBytes: number,
): string[] {
  const oversized = headerBytes > maxHeaderBytes;
  // Node counts a little differently from us near the limit (it adds its own headers' bytes, e.g. host).
  const nearLimit = Math.abs(headerBytes - maxHeaderBytes) < 512;
  const bigUpload = fuzzCase.body.kind === 'huge' || oversized || nearLimit;
  if (observed.kind === 'error') {
    // The server may answer 413/431 and close while a big upload is still being written.
    if (bigUpload && isClosedWhileWriting(observed)) return [];
    const what = [observed.syscall, observed.code].filter(Boolean).join(' ');
    const context = bigUpload ? ' to a request past a limit, and not a connection closed while writing' : '';
    return [`no answer${context}: ${observed.message}${what ? ` (${what})` : ''}`];
  }
  const { status } = observed;
  const violations: string[] = [];
  if (status >= 500 && !isPreview(observed)) violations.push(`server error ${status}`);
  if (status === 431 || oversized) {
    if (!oversized && !nearLimit)
      violations.push(`431 for ${headerBytes} bytes of headers, below the ${maxHeaderBytes}-byte limit`);
    else if (status !== 431) violations.push(`${headerBytes} bytes of headers got ${status}, expected 431`);
    else violations.push(...problemViolations(api, observed, status));
    return violations;
  }
  // The world's name is checked before the route and Prefer (docs/architecture.md, a request's way).
  if (fuzzCase.namespace.kind === 'invalid') {
    if (status !== 400) violations.push(`X-Mock-Namespace "${fuzzCase.namespace.value}" got ${status}, expected 400`);
    else {
      violations.push(...problemViolations(api, observed, status));
      if (!observed.body.includes('X-Mock-Namespace')) violations.push('the 400 does not name X-Mock-Namespace');
    }
    return violations;
  }
  // Prefer is read on the Session API only: the control plane is no part of it (docs/rules.md §19).
  const controlPlane = fuzzCase.target.kind === 'unknown-path' && /^\/__mock(\/|$)/.test(fuzzCase.target.path);
  if (fuzzCase.prefer !== undefined && hasInvalidLatency(fuzzCase.prefer) && !controlPlane) {
    if (status !== 400) violations.push(`Prefer: ${fuzzCase.prefer} got ${status}, expected 400`);
    else violations.push(...problemViolations(api, observed, status));
    return violations;
  }
  const target = fuzzCase.target;
  if (target.kind === 'unknown-path') {
    if (status !== 404) violations.push(`${target.method} ${target.path} (unknown path) got ${status}, expected 404`);
    else violations.push(...problemViolations(api, observed, status));
    return violations;
  }
  const operation = operations[target.operation]!;
  if (target.kind === 'wrong-method') {
    if (status !== 405) violations.push(`${target.method} ${operation.path} (not served) got ${status}, expected 405`);
    else {
      violations.push(...problemViolations(api, observed, status));
      const allow = observed.headers.allow ?? '';
      const served = operations.filter((other) => other.path === operation.path).map((other) => other.method);
      if (!served.every((method) => allow.includes(method)))
        violations.push(`Allow "${allow}" does not list ${served.join(', ')}`);
    }
    return violations;
  }
  violations.push(...api.checkResponse(operation.operationId, observed));
  if (status === 200 && !isPreview(observed)) violations.push(...credentialViolations(operation, fuzzCase));
  return violations;
}

/** Kinds of Authorization value that carry a real token of the mock (the scheme is case-insensitive). */
const genuineWallet = new Set(['wallet', 'lowercase-scheme']);
const genuineSession = new Set(['host', 'guest']);

/**
 * A 200 proves the credentials were accepted: it must not happen with a forged,
 * expired or otherwise invalid one. Node keeps the first of repeated
 * Authorization headers and joins repeated X-API-KEY headers with ", ".
 */
function credentialViolations(operation: OperationDescription, fuzzCase: FuzzCase): string[] {
  const first = fuzzCase.authorization[0]?.kind;
  const violations: string[] = [];
  if (operation.security.includes('WalletToken') && !(first !== undefined && genuineWallet.has(first))) {
    violations.push(`${operation.operationId} answered 200 to Authorization of kind ${first ?? '(none)'}`);
  }
  if (operation.security.includes('SessionToken') && !(first !== undefined && genuineSession.has(first))) {
    violations.push(`${operation.operationId} answered 200 to Authorization of kind ${first ?? '(none)'}`);
  }
  // Node trims a header value, so " key " is the key.
  const keyAccepted =
    fuzzCase.apiKey.length === 1 && (fuzzCase.apiKey[0] === 'valid' || fuzzCase.apiKey[0] === 'spaces');
  if (operation.security.includes('ApiKey') && !keyAccepted)
    violations.push(`${operation.operationId} answered 200 to X-API-KEY ${JSON.stringify(fuzzCase.apiKey)}`);
  return violations;
}
