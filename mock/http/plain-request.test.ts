import { describe, expect, test } from 'vitest';
import { readPlainRequest } from './plain-request.ts';

const limits = { maxHeaderBytes: 8 * 1024, bodyLimitBytes: 64 };
const read = (text: string) => readPlainRequest(text, 0, limits);
const get = (...headers: string[]) =>
  `GET /v1/session/current HTTP/1.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

describe('a plain request', () => {
  test('is read into its method, target and headers with lower-case names and values trimmed at the front', () => {
    const text = get('Host: mock', 'Authorization:   Bearer abc', 'X-Empty:', 'Connection: Keep-Alive');
    expect(read(text)).toEqual({
      method: 'GET',
      target: '/v1/session/current',
      headers: { host: 'mock', authorization: 'Bearer abc', 'x-empty': '', connection: 'Keep-Alive' },
      bodyStart: text.length,
      end: text.length,
    });
  });

  test('ends after its Content-Length, and the next request starts there', () => {
    const first = 'POST /v1/session/join?x=1 HTTP/1.1\r\nHost: mock\r\nContent-Length: 2\r\n\r\n{}';
    const text = `${first}${get('Host: mock')}`;
    expect(read(text)).toMatchObject({ method: 'POST', target: '/v1/session/join?x=1', end: first.length });
    expect(readPlainRequest(text, first.length, limits)).toMatchObject({ method: 'GET', end: text.length });
  });

  test('not all read yet is incomplete: the head, or the body', () => {
    expect(read('GET /v1/session/current HTTP/1.1\r\nHost: mo')).toBe('incomplete');
    expect(read('POST /v1/session HTTP/1.1\r\nHost: mock\r\nContent-Length: 10\r\n\r\n{"a"')).toBe('incomplete');
  });
});

describe('what node:http reads instead', () => {
  test.each([
    ['HTTP/1.0', 'GET /v1/session/current HTTP/1.0\r\nHost: mock\r\n\r\n'],
    ['a method the mock does not serve', 'PROPFIND /v1/session HTTP/1.1\r\nHost: mock\r\n\r\n'],
    ['a target that is no path', 'GET * HTTP/1.1\r\nHost: mock\r\n\r\n'],
    ['an absolute target', 'GET http://mock/v1/session HTTP/1.1\r\nHost: mock\r\n\r\n'],
    ['a target with a control character', 'GET /v1/\x01 HTTP/1.1\r\nHost: mock\r\n\r\n'],
    ['no Host', get()],
    ['a header sent twice', get('Host: mock', 'Accept: a', 'accept: b')],
    ['a header named like an object property', get('Host: mock', 'Constructor: x')],
    ['a value with a byte past ASCII', get('Host: mock', 'X-Name: caf\xe9')],
    ['a value ending in white space', get('Host: mock', 'X-Name: a ')],
    ['a folded header', get('Host: mock', 'X-Name: a', ' b')],
    ['a name with a space', get('Host: mock', 'X Name: a')],
    ['a line without a colon', get('Host: mock', 'garbage')],
    ['a bare LF inside a line', get('Host: mock\nX-Name: a')],
    ['Transfer-Encoding', get('Host: mock', 'Transfer-Encoding: chunked')],
    ['Upgrade', get('Host: mock', 'Upgrade: websocket')],
    ['Expect', get('Host: mock', 'Expect: 100-continue')],
    ['Connection: close', get('Host: mock', 'Connection: close')],
    ['a Content-Length that is not digits', get('Host: mock', 'Content-Length: +2')],
    ['a body past the limit (413 comes from the other path)', get('Host: mock', 'Content-Length: 65')],
    ['a head past the limit', get('Host: mock', `X-Long: ${'a'.repeat(9000)}`)],
    ['a head past the limit, not all read', `GET / HTTP/1.1\r\nX-Long: ${'a'.repeat(9000)}`],
  ])('%s', (_name, text) => {
    expect(read(text)).toBe('not-plain');
  });
});
