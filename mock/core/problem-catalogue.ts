/**
 * The status and title of every problem code (RFC 9457): the one table that
 * decides how a problem of the domain, the services or the core is answered.
 */
import type { ProblemCode } from '../domain/index.ts';

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
  'invalid-namespace': { status: 400, title: 'Invalid namespace' },
  'namespaces-full': { status: 503, title: 'Too many namespaces' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'store-unavailable': { status: 503, title: 'Store unavailable' },
} as const satisfies Record<ProblemCode, { status: number; title: string }>;
