/** One journal entry: secrets redacted wherever they stand, bodies cut (listRequests in spec/mock-control.yaml). */
import { describe, expect, test } from 'vitest';
import { journalRecord, pendingJournalRecord, redact, requestIdOf } from './journal-entry.ts';
import { emptyResponse, jsonResponse, problemResponse } from './problem-response.ts';
import type { CoreRequest, CoreResponse } from './types.ts';

const secret = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJlLXZhbHVl';
const tail = `***${secret.slice(-4)}`;

function recordOf(request: Partial<CoreRequest>, answer: Partial<CoreResponse> = {}) {
  return recordOfAnswer(request, { status: 200, headers: {}, body: undefined, ...answer });
}

/** The entry of `answer` itself (not a copy: the journal knows the answers the core serialised). */
function recordOfAnswer(request: Partial<CoreRequest>, answer: CoreResponse) {
  return journalRecord(
    { method: 'POST', path: '/v1/session/join', query: '', headers: {}, body: undefined, ...request },
    answer,
    { requestId: 'r-1', operationId: 'joinSession', receivedMs: 0, durationMs: 1 },
  );
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('journalRecord', () => {
  test('keeps the last 4 characters of a long secret and nothing of a short one', () => {
    expect(redact(secret)).toBe(`***${secret.slice(-4)}`);
    expect(redact('12345678')).toBe('***');
  });

  test('redacts the bearer token, the API key and access_token in the query', () => {
    const entry = recordOf({
      headers: { authorization: `Bearer ${secret}`, 'x-api-key': 'a-long-api-key-value' },
      query: `a=1&access_token=${secret}`,
    });
    expect(entry.requestHeaders).toEqual({ authorization: `Bearer ${tail}`, 'x-api-key': '***alue' });
    expect(entry.query).toBe(`a=1&access_token=${tail}`);
  });

  test('keeps the scheme of an Authorization header and redacts all after its first space', () => {
    const spaced = recordOf({ headers: { authorization: `Bearer   ${secret} and more ` } });
    expect(spaced.requestHeaders.authorization).toBe('Bearer ***more');
    expect(recordOf({ headers: { authorization: secret } }).requestHeaders.authorization).toBe(tail);
  });

  test('redacts token, signature and password at any depth, whatever type the value has', () => {
    const body = { password: 12345678901234, nested: [{ signature: secret }], credentials: { token: secret } };
    const entry = recordOf({ body: bytes(JSON.stringify(body)) }, { body: JSON.stringify({ token: secret }) });
    expect(JSON.parse(entry.requestBody)).toEqual({
      password: '***1234',
      nested: [{ signature: tail }],
      credentials: { token: tail },
    });
    expect(entry.responseBody).toBe(`{"token":"${tail}"}`);
  });

  test('redacts an answer the core serialised exactly as the same text sent as bytes', () => {
    const value = {
      password: 12345678901234,
      nested: [{ signature: secret, keep: 'x' }],
      credentials: { token: secret, id: 7, token2: 'kept' },
      rules: { password: null, signature: { a: [1, 'two'] } },
    };
    const built = recordOfAnswer({}, jsonResponse(200, value));
    const sent = recordOf({}, { body: bytes(JSON.stringify(value)) });
    expect(built.responseBody).toBe(sent.responseBody);
    expect(built.responseBody).not.toContain(secret.slice(0, -4));
    expect(JSON.parse(built.responseBody)).toMatchObject({ password: '***1234', rules: { password: null } });
    const problem = problemResponse({ code: 'invalid-token', detail: `Your token ${secret} was refused.` }, '/x');
    expect(recordOfAnswer({}, problem).responseBody).toBe(recordOf({}, { body: problem.body }).responseBody);
  });

  test('keeps byte for byte a body whose names only contain a secret name (passwordProtected, tokens)', () => {
    const sent = '{ "passwordProtected" : false,  "tokens": 2 }';
    expect(recordOf({ body: bytes(sent) }).requestBody).toBe(sent);
    expect(recordOf({ body: bytes('{ "token" : "x" }') }).requestBody).toBe('{"token":"***"}');
  });

  test('redacts the secret properties of a body that is not JSON, even one cut open', () => {
    const entry = recordOf({ body: bytes(`{"sessionId": "s", "password" : "${secret}", oops`) });
    expect(entry.requestBody).toBe(`{"sessionId": "s", "password" : "${tail}", oops`);
    const open = recordOf({ body: bytes(`{"token":"${secret}`) });
    expect(open.requestBody).toBe(`{"token":"${tail}`);
  });

  test('cuts a body after 8192 bytes, after redacting it, never inside a character', () => {
    const entry = recordOf({ body: bytes(`${'é'.repeat(5000)}`) });
    expect(entry.requestBodyTruncated).toBe(true);
    expect(new TextEncoder().encode(entry.requestBody).length).toBe(8192);
    expect(entry.requestBody).toBe('é'.repeat(4096));
  });
});

describe('requestIdOf', () => {
  const request = (id?: string): CoreRequest => ({
    method: 'GET',
    path: '/',
    query: '',
    headers: id === undefined ? {} : { 'x-request-id': id },
    body: undefined,
  });

  test("takes the request's X-Request-Id when it is 1 to 200 visible characters, else makes one", () => {
    expect(requestIdOf(request('trace-42'))).toBe('trace-42');
    expect(requestIdOf(request('with space'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(request('x'.repeat(201)))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(request())).not.toBe(requestIdOf(request()));
  });
});

describe('pendingJournalRecord', () => {
  const details = { requestId: 'r-1', operationId: 'joinSession', receivedMs: 1_795_000_000_000, durationMs: 1.5 };
  const request = (fields: Partial<CoreRequest>): CoreRequest => ({
    method: 'POST',
    path: '/v1/session/join',
    query: '',
    headers: { host: '127.0.0.1:4010', authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: undefined,
    ...fields,
  });

  test('builds, when read, the entry journalRecord builds at once', () => {
    const sent = request({ body: bytes(`{"sessionId":"s-1","password":"${secret}"}`) });
    const answer = jsonResponse(200, { token: secret, expiresIn: 3600 });
    expect(pendingJournalRecord(sent, answer, details).build()).toEqual(journalRecord(sent, answer, details));
  });

  test('keeps the answer as it was when journaled, though HEAD drops the body afterwards', () => {
    const answer = jsonResponse(200, { sessionId: 's-1' });
    const pending = pendingJournalRecord(request({ method: 'HEAD' }), answer, details);
    answer.body = undefined;
    expect(pending.build().responseBody).toBe('{"sessionId":"s-1"}');
  });

  test.each([
    ['a GET without a body', request({ method: 'GET', path: '/v1/session/current' }), jsonResponse(200, {})],
    ['a join with its body', request({ body: bytes('{"sessionId":"abc","password":"x"}') }), emptyResponse(204)],
    [
      'a request with many headers and a problem answer',
      request({ headers: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x-extra-${i}`, 'v'.repeat(40)])) }),
      problemResponse({ code: 'session-not-found', detail: 'The session does not exist.' }, '/v1/session/join'),
    ],
    ['a body past 8 KiB, cut at once', request({ body: bytes(`{"a":"${'x'.repeat(20_000)}"}`) }), emptyResponse(200)],
  ])('weighs %s within a fifth of its entry as JSON', (_label, sent, answer) => {
    const pending = pendingJournalRecord(sent, answer, details);
    const json = JSON.stringify({ ...pending.build(), sequence: 1 }).length;
    expect(pending.approximateBytes).toBeGreaterThan(json * 0.8);
    expect(pending.approximateBytes).toBeLessThan(json * 1.2);
  });
});
