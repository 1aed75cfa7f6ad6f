/** Display names over HTTP: the rule of spec/session-api.yaml (Identity.name), answered as 422 problem+json. */
import { describe, expect, test } from 'vitest';
import { apiKey, harness } from '../testing/harness.ts';

describe('identity.name on create', () => {
  test.for([' ', '\u200B', '\u202E\u0000', '\uD800'])('refuses %j with 422 naming the field', async (name) => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { authorization: `Bearer ${token}`, 'x-api-key': apiKey },
      json: { identity: { name } },
    });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors).toEqual([
      { pointer: '/identity/name', message: expect.stringMatching(/visible character/) },
    ]);
    expect((await mock.request({ method: 'GET', url: '/__mock/sessions' })).body.sessions).toEqual([]);
  });
});
