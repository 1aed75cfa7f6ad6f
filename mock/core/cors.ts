/**
 * CORS, written out (the Fetch standard's few headers): the Session API answers
 * the origins of `--cors-origin`; the control plane answers pages only from the
 * origins mock/core/local-access.ts allows, with its own preflight.
 */
import type { CoreResponse } from './types.ts';

/** A `*` would not cover Authorization (Fetch standard), so every header is named. */
const apiRequestHeaders = 'Authorization, X-API-KEY, Content-Type, Prefer, X-Mock-Namespace, X-Request-Id';
const apiExposedHeaders = 'WWW-Authenticate, Retry-After, Preference-Applied, Allow, X-Request-Id';
const controlRequestHeaders = 'Authorization, Content-Type, X-Mock-Namespace';
const methods = 'GET, POST, DELETE';

export interface ApiCors {
  /** The headers every API answer carries for a request from `origin`. */
  answer(origin: string | undefined): Readonly<Record<string, string>>;
  /** The answer to a preflight (or any OPTIONS request: the same 204, never an error body). */
  preflight(origin: string | undefined): CoreResponse;
}

export function createApiCors(corsOrigins: readonly string[]): ApiCors {
  const any = corsOrigins.includes('*');
  const listed = new Set(corsOrigins);
  const allowOrigin = (origin: string | undefined): Record<string, string> => {
    if (any) return { 'access-control-allow-origin': '*' };
    if (origin !== undefined && listed.has(origin)) return { 'access-control-allow-origin': origin, vary: 'Origin' };
    return { vary: 'Origin' };
  };
  // The same for every request but a listed origin's: made once (callers only read it).
  const anyOrigin = Object.freeze({ ...allowOrigin(undefined), 'access-control-expose-headers': apiExposedHeaders });
  return {
    answer: (origin) =>
      any || origin === undefined
        ? anyOrigin
        : { ...allowOrigin(origin), 'access-control-expose-headers': apiExposedHeaders },
    preflight: (origin) => ({
      status: 204,
      headers: {
        ...allowOrigin(origin),
        'access-control-allow-methods': methods,
        'access-control-allow-headers': apiRequestHeaders,
        'access-control-max-age': '600',
        'content-length': '0',
      },
      body: undefined,
    }),
  };
}

/** The control plane's answer headers for an allowed page's origin (none for curl and scripts). */
export function controlCorsHeaders(origin: string | undefined): Record<string, string> {
  return origin === undefined ? {} : { 'access-control-allow-origin': origin, vary: 'Origin' };
}

export function controlPreflight(origin: string | undefined): CoreResponse {
  return {
    status: 204,
    headers: {
      ...controlCorsHeaders(origin),
      'access-control-allow-methods': methods,
      'access-control-allow-headers': controlRequestHeaders,
      'access-control-max-age': '600',
      'content-length': '0',
    },
    body: undefined,
  };
}
