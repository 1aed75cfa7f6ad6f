/** One call to a mock over HTTP, for the tests that start mock processes: a JSON body out, the answer parsed. */
import { request } from 'undici';

export interface JsonAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // The tests read the fields they expect; the spec's validators are not the point of these tests.
  body: any;
}

/** `body`, when given, is sent as JSON with its Content-Type. */
export async function callJson(
  origin: string,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<JsonAnswer> {
  const response = await request(`${origin}${url}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
