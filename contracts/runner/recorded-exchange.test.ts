/**
 * What the reports keep of an exchange (contracts/suite/recorded-exchange.ts; tested here because a test
 * file under contracts/suite/ would run as a contract check): credentials masked, long bodies bounded,
 * and the answer's shape as JSON paths with their types.
 */
import { expect, test } from 'vitest';
import type { Exchange } from '../client/index.ts';
import { recordExchange, shapeOf } from '../suite/recorded-exchange.ts';

const exchange: Exchange = {
  method: 'POST',
  url: 'http://127.0.0.1:4010/v1/session',
  path: '/session',
  requestHeaders: {
    Authorization: 'Bearer secret.token.value',
    'X-API-KEY': 'key-123',
    'content-type': 'application/json',
  },
  requestBody: 'x'.repeat(5000),
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ sessionId: 's', expiresIn: 60, rate: 1.5, rules: null, users: [{ id: 'a' }, { id: 2 }] }),
  durationMs: 4.4,
};

test('an answer has the shape of every JSON path, array items under [] and several types joined by |', () => {
  expect(recordExchange(exchange, 'createSession', []).shape).toEqual({
    $: 'object',
    '$.sessionId': 'string',
    '$.expiresIn': 'integer',
    '$.rate': 'number',
    '$.rules': 'null',
    '$.users': 'array',
    '$.users[]': 'object',
    '$.users[].id': 'integer|string',
  });
  expect(shapeOf([])).toEqual({ $: 'array' });
});

test('a body that is not JSON has no shape', () => {
  expect(recordExchange({ ...exchange, headers: { 'content-type': 'text/plain' } }, undefined, []).shape).toBe(
    undefined,
  );
  expect(recordExchange({ ...exchange, body: '{not json' }, undefined, []).shape).toBe(undefined);
});

test('credentials are not kept, and a long body is kept up to 4000 characters with its full length', () => {
  const recorded = recordExchange(exchange, 'createSession', []);
  expect(recorded.requestHeaders).toEqual({
    Authorization: '[25 characters, not shown]',
    'X-API-KEY': '[7 characters, not shown]',
    'content-type': 'application/json',
  });
  expect(JSON.stringify(recorded)).not.toContain('secret.token');
  expect(recorded.requestBody).toBe(`${'x'.repeat(4000)}\n[1000 more characters not kept; 5000 in all]`);
});
