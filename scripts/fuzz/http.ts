/**
 * The few HTTP calls the fuzzer and the soak make outside their load: JSON in,
 * JSON out, over one undici pool, with a timeout on every call.
 */
import { Pool } from 'undici';

export interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export function createPool(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    headersTimeout: 20_000,
    bodyTimeout: 20_000,
    keepAliveTimeout: 10_000,
  });
}

/** Header names in lower case, repeated headers joined as Node would show them. */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export async function call(
  pool: Pool,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { json?: unknown; body?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await pool.request({
    method,
    path,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
  });
  return { status: response.statusCode, headers: flattenHeaders(response.headers), body: await response.body.text() };
}

/** Like call(), but throws unless the status is the expected one; answers the parsed JSON body. */
export async function expectJson<T>(
  pool: Pool,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  status: number,
  options: Parameters<typeof call>[3] = {},
): Promise<T> {
  const answer = await call(pool, method, path, options);
  if (answer.status !== status)
    throw new Error(`${method} ${path} answered ${answer.status}, expected ${status}: ${answer.body.slice(0, 300)}`);
  return (answer.body === '' ? undefined : JSON.parse(answer.body)) as T;
}
