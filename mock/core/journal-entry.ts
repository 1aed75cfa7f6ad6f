/**
 * One journal entry from a request and its answer, secrets redacted and bodies
 * cut, as listRequests of spec/mock-control.yaml describes.
 */
import type { JournalRecord, PendingJournalRecord } from '../world/world.ts';
import type { CoreRequest, CoreResponse } from './types.ts';

const maxBodyBytes = 8192;
const secretProperties = new Set(['token', 'signature', 'password']);
/**
 * A body in which a secret property may stand: its quoted name (the names are matched exactly, as
 * `secretProperties` does), or a \u escape, which may spell one. Not a name that contains one
 * (`passwordProtected` is in every session answer).
 */
const mayHoldSecret = /"(?:token|signature|password)"|\\u/;
const requestIdPattern = /^[\x21-\x7e]{1,200}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `***` and the last 4 characters; `***` alone for 8 characters or fewer. */
export function redact(secret: string): string {
  return secret.length <= 8 ? '***' : `***${secret.slice(-4)}`;
}

/** The request's `X-Request-Id` when it is 1 to 200 visible ASCII characters; otherwise a new one. */
export function requestIdOf(request: CoreRequest): string {
  const sent = request.headers['x-request-id'];
  return sent !== undefined && requestIdPattern.test(sent) ? sent : crypto.randomUUID();
}

function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (name === 'authorization') {
      // The scheme, then the credentials after the first space (trimmed), redacted; all of it without a space.
      const space = value.indexOf(' ');
      redacted[name] =
        space === -1 ? redact(value) : `${value.slice(0, space)} ${redact(value.slice(space + 1).trim())}`;
    } else if (name === 'x-api-key') redacted[name] = redact(value);
    else redacted[name] = value;
  }
  return redacted;
}

function redactQuery(query: string | URLSearchParams): string {
  const params = new URLSearchParams(query);
  if (!params.has('access_token')) return typeof query === 'string' ? query : params.toString();
  for (const token of params.getAll('access_token')) params.set('access_token', redact(token));
  return params.toString();
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, inner]) => [
      name,
      secretProperties.has(name) && inner !== null ? redactValue(inner) : redactJson(inner),
    ]),
  );
}

/** A secret property's value of any type (a number sent as a password too): redacted as its JSON text. */
function redactValue(value: unknown): string {
  return redact(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * The secret properties of a body that is not JSON (cut short, malformed): every
 * `"token": "..."` and the like is redacted where it stands, even one the body's end cut open.
 */
const secretPropertyText = /("(?:token|signature|password)"\s*:\s*")((?:[^"\\]|\\.)*)("?)/g;

function redactText(text: string): string {
  return text.replace(
    secretPropertyText,
    (_whole, start: string, secret: string, end: string) => `${start}${redact(secret)}${end}`,
  );
}

/** Body text, redacted when it is JSON, cut after 8192 bytes (never inside a character). */
function bodyText(body: string | Uint8Array | undefined): { text: string; truncated: boolean } {
  if (body === undefined || body.length === 0) return { text: '', truncated: false };
  let text = typeof body === 'string' ? body : decoder.decode(body);
  // Most bodies name no secret property: they are kept as they are, without parsing them.
  if (mayHoldSecret.test(text)) {
    try {
      text = JSON.stringify(redactJson(JSON.parse(text)));
    } catch {
      // Not JSON: its secret properties are redacted where they stand, the rest kept as sent.
      text = redactText(text);
    }
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a short text needs no encoding to be known short enough.
  if (text.length * 3 <= maxBodyBytes) return { text, truncated: false };
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBodyBytes) return { text, truncated: false };
  let end = maxBodyBytes;
  // Back to the start of a character: continuation bytes are 10xxxxxx.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return { text: decoder.decode(bytes.subarray(0, end)), truncated: true };
}

interface JournalDetails {
  readonly requestId: string;
  readonly operationId: string | null;
  readonly receivedMs: number;
  readonly durationMs: number;
}

/**
 * The journal's record of a request and its answer, built when the journal is
 * read (redaction, body text). It holds the request's and the answer's headers
 * and bodies as they are now (the core changes none of them once journaled) and
 * nothing else: one object each, since a journal holds a thousand of them and
 * every object they keep alive is work for the garbage collector. A request body
 * past 8 KiB is cut at once, so that the journal never holds more than it shows.
 */
export function pendingJournalRecord(
  request: CoreRequest,
  answer: CoreResponse,
  details: JournalDetails,
): PendingJournalRecord {
  const requestBody = request.bodyTooLarge ? undefined : request.body;
  if (requestBody !== undefined && requestBody.length > maxBodyBytes) {
    return new BuiltRecord(journalRecord(request, answer, details));
  }
  return new HeldRecord(request, requestBody, answer, details);
}

/** The JSON of an entry's field names, time, flags and numbers: about 280 characters. */
const fixedEntryBytes = 280;

function headersLength(headers: Readonly<Record<string, string | undefined>>): number {
  let length = 0;
  for (const name in headers) length += name.length + (headers[name]?.length ?? 0) + 6;
  return length;
}

class HeldRecord implements PendingJournalRecord {
  readonly method: string;
  readonly status: number;
  readonly operationId: string | null;
  readonly receivedMs: number;
  readonly approximateBytes: number;
  private readonly path: string;
  private readonly query: string | URLSearchParams;
  private readonly requestHeaders: Readonly<Record<string, string | undefined>>;
  private readonly requestBody: Uint8Array | undefined;
  private readonly responseHeaders: Readonly<Record<string, string>>;
  private readonly responseBody: string | Uint8Array | undefined;
  private readonly requestId: string;
  private readonly durationMs: number;

  constructor(
    request: CoreRequest,
    requestBody: Uint8Array | undefined,
    answer: CoreResponse,
    details: JournalDetails,
  ) {
    this.method = request.method;
    this.status = answer.status;
    this.operationId = details.operationId;
    this.receivedMs = details.receivedMs;
    this.path = request.path;
    this.query = request.query;
    this.requestHeaders = request.headers;
    this.requestBody = requestBody;
    this.responseHeaders = answer.headers;
    this.responseBody = answer.body;
    this.requestId = details.requestId;
    this.durationMs = details.durationMs;
    this.approximateBytes =
      fixedEntryBytes +
      this.path.length +
      (typeof this.query === 'string' ? this.query.length : 0) +
      (this.operationId?.length ?? 0) +
      this.requestId.length +
      headersLength(this.requestHeaders) +
      headersLength(this.responseHeaders) +
      (requestBody?.length ?? 0) +
      (this.responseBody?.length ?? 0);
  }

  build(): JournalRecord {
    return buildRecord(
      { method: this.method, path: this.path, query: this.query, headers: this.requestHeaders },
      this.requestBody,
      { status: this.status, headers: this.responseHeaders, body: this.responseBody },
      {
        requestId: this.requestId,
        operationId: this.operationId,
        receivedMs: this.receivedMs,
        durationMs: this.durationMs,
      },
    );
  }
}

class BuiltRecord implements PendingJournalRecord {
  readonly method: string;
  readonly status: number;
  readonly operationId: string | null;
  readonly receivedMs: number;
  readonly approximateBytes: number;
  private readonly record: JournalRecord;

  constructor(record: JournalRecord) {
    this.record = record;
    this.method = record.method;
    this.status = record.status;
    this.operationId = record.operationId;
    this.receivedMs = Date.parse(record.time);
    // `,"sequence":N` is about 13 characters more.
    this.approximateBytes = JSON.stringify(record).length + 13;
  }

  build(): JournalRecord {
    return this.record;
  }
}

/** The entry of a request and its answer, secrets redacted and bodies cut. */
export function journalRecord(request: CoreRequest, answer: CoreResponse, details: JournalDetails): JournalRecord {
  return buildRecord(request, request.bodyTooLarge ? undefined : request.body, answer, details);
}

function buildRecord(
  request: Pick<CoreRequest, 'method' | 'path' | 'query' | 'headers'>,
  sentBody: Uint8Array | undefined,
  answer: Pick<CoreResponse, 'status' | 'headers' | 'body'>,
  details: JournalDetails,
): JournalRecord {
  const requestBody = bodyText(sentBody);
  const responseBody = bodyText(answer.body);
  return {
    time: new Date(details.receivedMs).toISOString(),
    method: request.method,
    path: request.path,
    query: redactQuery(request.query),
    status: answer.status,
    durationMs: details.durationMs,
    operationId: details.operationId,
    requestId: details.requestId,
    requestHeaders: redactHeaders(request.headers),
    responseHeaders: { ...answer.headers },
    requestBody: requestBody.text,
    requestBodyTruncated: requestBody.truncated,
    responseBody: responseBody.text,
    responseBodyTruncated: responseBody.truncated,
  };
}
