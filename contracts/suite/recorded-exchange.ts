/**
 * What the report keeps of one exchange: the request and the answer as shown to a reader (secrets
 * masked, bodies bounded), whether it broke the spec, and the answer's shape (every JSON path with
 * its type), so that two servers' answers can be compared field by field (runner/compare-runs.ts).
 */
import type { Exchange } from '../client/index.ts';

/** A body longer than this is kept up to here, with a note of its full length (the 1 MiB checks). */
const keptBodyChars = 4000;

/** Headers whose values are credentials: a report may be shared, a token or key in it must not be. */
const secretHeaders = new Set(['authorization', 'x-api-key', 'x-session-password', 'cookie', 'set-cookie']);

/** JSON path (`$.credentials.token`, `$.users[].id`) -> the types seen there, joined by `|` when several. */
export type ResponseShape = Record<string, string>;

export interface RecordedExchange {
  operationId: string | null;
  method: string;
  path: string;
  url: string;
  status: number;
  violations: string[];
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: string | undefined;
  responseHeaders: Record<string, string>;
  responseBody: string;
  /** The answer body's shape; undefined when the body is not JSON. */
  shape: ResponseShape | undefined;
}

function kept(text: string): string {
  if (text.length <= keptBodyChars) return text;
  const rest = text.length - keptBodyChars;
  return `${text.slice(0, keptBodyChars)}\n[${rest} more characters not kept; ${text.length} in all]`;
}

function masked(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = secretHeaders.has(name.toLowerCase()) ? `[${value.length} characters, not shown]` : value;
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function collect(value: unknown, path: string, into: Map<string, Set<string>>): void {
  const types = into.get(path) ?? new Set<string>();
  types.add(jsonType(value));
  into.set(path, types);
  if (Array.isArray(value)) for (const item of value) collect(item, `${path}[]`, into);
  else if (value !== null && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) collect(inner, `${path}.${key}`, into);
}

/** The shape of a JSON value: each path with the types seen there (array items share the path `[]`). */
export function shapeOf(value: unknown): ResponseShape {
  const paths = new Map<string, Set<string>>();
  collect(value, '$', paths);
  return Object.fromEntries([...paths].map(([path, types]) => [path, [...types].sort().join('|')]));
}

function bodyShape(exchange: Exchange): ResponseShape | undefined {
  if (!/json/i.test(exchange.headers['content-type'] ?? '') || exchange.body === '') return undefined;
  try {
    return shapeOf(JSON.parse(exchange.body));
  } catch {
    return undefined;
  }
}

export function recordExchange(
  exchange: Exchange,
  operationId: string | undefined,
  violations: string[],
): RecordedExchange {
  return {
    operationId: operationId ?? null,
    method: exchange.method,
    path: exchange.path,
    url: exchange.url,
    status: exchange.status,
    violations,
    durationMs: Math.round(exchange.durationMs),
    requestHeaders: masked(exchange.requestHeaders),
    requestBody: exchange.requestBody === undefined ? undefined : kept(exchange.requestBody),
    responseHeaders: masked(exchange.headers),
    responseBody: kept(exchange.body),
    shape: bodyShape(exchange),
  };
}
