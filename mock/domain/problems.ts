/**
 * Every problem the mock answers, by code: the domain and the services speak in
 * these codes; mock/core/problem-catalogue.ts gives each its status and title.
 */
export const problemCodes = [
  'malformed-json',
  'malformed-request',
  'invalid-wallet-proof',
  'invalid-control-request',
  'invalid-preference',
  'invalid-api-key',
  'invalid-token',
  'invalid-password',
  'not-whitelisted',
  'banned',
  'not-host',
  'control-forbidden',
  'session-not-found',
  'member-not-found',
  'not-found',
  'method-not-allowed',
  'request-timeout',
  'session-full',
  'wallet-limit-reached',
  'content-too-large',
  'unsupported-media-type',
  'validation-failed',
  'header-fields-too-large',
  'self-kick',
  'injected-fault',
  'server-at-capacity',
  'internal-error',
  'invalid-namespace',
  'namespaces-full',
  'rate-limited',
  'store-unavailable',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

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
