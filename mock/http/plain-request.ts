/**
 * Reads one HTTP/1.1 request from the bytes of a connection, if it is a plain
 * one: the fast path (fast-path.ts) serves those and hands everything else to
 * node:http. "Plain" is a strict subset of what Node's parser accepts, chosen so
 * that Node would read it into the same method, target and headers:
 * - the request line `METHOD SP /target SP HTTP/1.1`, with one of the methods the
 *   mock serves and a target of printable ASCII that starts with "/";
 * - header names of token characters, each name once; values of printable ASCII
 *   and tabs, trimmed at the front (a value ending in white space is not plain);
 * - a Host header (Node answers 400 without one); no Transfer-Encoding, Upgrade or
 *   Expect; Connection, if sent, only `keep-alive`;
 * - a Content-Length of digits at most `bodyLimitBytes` (past it, Node's path
 *   answers 413), with the whole body already read;
 * - the request line and headers within `maxHeaderBytes`.
 * Bytes are read as latin1, one character a byte, as Node reads header bytes.
 */

export interface PlainRequest {
  readonly method: string;
  /** The request target as sent: the path and the query. */
  readonly target: string;
  /** Lower-case names, as Node's `request.headers`. */
  readonly headers: Record<string, string>;
  /** Where the body starts and where the request ends, as offsets in the text. */
  readonly bodyStart: number;
  readonly end: number;
}

export interface PlainRequestLimits {
  readonly maxHeaderBytes: number;
  readonly bodyLimitBytes: number;
}

/** 'incomplete': a plain request so far, not all of it read; 'not-plain': node:http reads this one. */
export type ReadPlainRequest = PlainRequest | 'incomplete' | 'not-plain';

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const headerName = /^[-!#$%&'*+.^_`|~0-9A-Za-z]+$/;
/** Tabs and printable ASCII (the answer heads of fast-path.ts use it too). */
export const printableHeaderValue = /^[\t\x20-\x7e]*$/;
const requestTarget = /^\/[\x21-\x7e]*$/;
const digits = /^[0-9]{1,15}$/;
/** Names whose presence hands the request to node:http, which implements what they ask for. */
const handledByNode = ['transfer-encoding', 'upgrade', 'expect'];

export function readPlainRequest(text: string, from: number, limits: PlainRequestLimits): ReadPlainRequest {
  const headEnd = text.indexOf('\r\n\r\n', from);
  if (headEnd === -1) return text.length - from > limits.maxHeaderBytes ? 'not-plain' : 'incomplete';
  if (headEnd - from > limits.maxHeaderBytes) return 'not-plain';

  const lineEnd = text.indexOf('\r\n', from);
  const methodEnd = text.indexOf(' ', from);
  const targetEnd = text.lastIndexOf(' ', lineEnd);
  if (methodEnd <= from || targetEnd <= methodEnd || text.slice(targetEnd + 1, lineEnd) !== 'HTTP/1.1') {
    return 'not-plain';
  }
  const method = text.slice(from, methodEnd);
  const target = text.slice(methodEnd + 1, targetEnd);
  if (!methods.has(method) || !requestTarget.test(target)) return 'not-plain';

  const headers: Record<string, string> = {};
  for (let at = lineEnd + 2; at < headEnd + 2;) {
    const next = text.indexOf('\r\n', at);
    const colon = text.indexOf(':', at);
    if (colon === -1 || colon > next) return 'not-plain';
    const name = text.slice(at, colon);
    let valueStart = colon + 1;
    while (text.charCodeAt(valueStart) === 32 || text.charCodeAt(valueStart) === 9) valueStart++;
    const value = text.slice(valueStart, next);
    const last = value.charCodeAt(value.length - 1);
    if (!headerName.test(name) || !printableHeaderValue.test(value) || last === 32 || last === 9) return 'not-plain';
    const lower = name.toLowerCase();
    // `in`, not an own-property test: a name such as "constructor" is left to Node too.
    if (lower in headers) return 'not-plain';
    headers[lower] = value;
    at = next + 2;
  }

  if (headers.host === undefined) return 'not-plain';
  for (const name of handledByNode) if (headers[name] !== undefined) return 'not-plain';
  const connection = headers.connection;
  if (connection !== undefined && connection.toLowerCase() !== 'keep-alive') return 'not-plain';
  const length = headers['content-length'];
  if (length !== undefined && !digits.test(length)) return 'not-plain';
  const bodyBytes = length === undefined ? 0 : Number(length);
  if (bodyBytes > limits.bodyLimitBytes) return 'not-plain';
  const bodyStart = headEnd + 4;
  const end = bodyStart + bodyBytes;
  if (end > text.length) return 'incomplete';
  return { method, target, headers, bodyStart, end };
}
