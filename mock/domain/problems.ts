/**
 * The catalogue of every problem the mock answers: one code, one status, one
 * title. The domain speaks in codes; the HTTP adapter renders problem+json from
 * this table alone (RFC 9457).
 */
export const problemCatalogue = {
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  'malformed-request': { status: 400, title: 'Malformed request' },
  'invalid-wallet-proof': { status: 400, title: 'Invalid wallet proof' },
  'invalid-control-request': { status: 400, title: 'Invalid control request' },
  'invalid-preference': { status: 400, title: 'Invalid preference' },
  'invalid-api-key': { status: 401, title: 'Invalid API key' },
  'invalid-token': { status: 401, title: 'Invalid token' },
  'invalid-password': { status: 401, title: 'Invalid session password' },
  'not-whitelisted': { status: 403, title: 'Wallet not whitelisted' },
  banned: { status: 403, title: 'Wallet banned from session' },
  'not-host': { status: 403, title: 'Host role required' },
  'control-forbidden': { status: 403, title: 'Control plane forbidden' },
  'session-not-found': { status: 404, title: 'Session not found' },
  'member-not-found': { status: 404, title: 'Member not found' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  'session-full': { status: 409, title: 'Session full' },
  'wallet-limit-reached': { status: 409, title: 'Session wallet limit reached' },
  'content-too-large': { status: 413, title: 'Content too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  'header-fields-too-large': { status: 431, title: 'Request header fields too large' },
  'self-kick': { status: 422, title: 'Host cannot kick itself' },
  'injected-fault': { status: 500, title: 'Injected fault' },
  'server-at-capacity': { status: 503, title: 'Server at capacity' },
  'internal-error': { status: 500, title: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalogue;

/** Which credential a 401 is about; decides its WWW-Authenticate challenge. */
export type Challenge = 'bearer' | 'api-key' | 'session-password';

export interface Problem {
  readonly code: ProblemCode;
  readonly detail: string;
  /** Offending fields of a body that breaks the schema. */
  readonly errors?: readonly { pointer: string; message: string }[];
  /** For 401: which credential to ask for, and whether a sent token was refused. */
  readonly challenge?: { scheme: Challenge; tokenRefused?: boolean };
  /** For 503: seconds until trying again makes sense. */
  readonly retryAfterSeconds?: number;
  /** For a fault rule's status, which need not be in the catalogue. */
  readonly status?: number;
}

/** The result of an operation that can fail in an expected way. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

export function success<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failure<T = never>(
  code: ProblemCode,
  detail: string,
  extra: Omit<Problem, 'code' | 'detail'> = {},
): Outcome<T> {
  return { ok: false, problem: { code, detail, ...extra } };
}

export function problemType(code: ProblemCode): string {
  return `urn:session-api:problem:${code}`;
}
