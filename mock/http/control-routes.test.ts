/** The control plane under /__mock, each answer checked against spec/mock-control.yaml. */
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, test } from 'vitest';
import { reportUnexpectedError } from '../process-guard.ts';
import { harness, randomAddress, startMs, type Harness } from '../testing/harness.ts';

const control = (
  mock: Harness,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  json?: unknown,
  headers?: Record<string, string>,
) =>
  mock.request({
    method,
    url: `/__mock${path}`,
    ...(json === undefined ? {} : { json }),
    ...(headers ? { headers } : {}),
  });

describe('GET /__mock/health', () => {
  test('answers ok with the number of live sessions and the virtual time', async () => {
    const mock = harness();
    expect((await control(mock, 'GET', '/health')).body).toEqual({
      status: 'ok',
      sessions: 0,
      now: Math.floor(startMs / 1000),
      unexpectedErrors: 0,
      dependencies: { store: { kind: 'memory', status: 'up' } },
    });
    await mock.create();
    const deleted = await mock.create();
    await mock.remove(deleted.token);
    expect((await control(mock, 'GET', '/health')).body.sessions).toBe(1);
  });

  test('counts the unexpected errors the process guard logged, so that a fuzz run can fail on them', async () => {
    const mock = harness();
    const before = (await control(mock, 'GET', '/health')).body.unexpectedErrors;
    reportUnexpectedError(new Error('a deliberate test error'), 'control-routes.test.ts');
    expect((await control(mock, 'GET', '/health')).body.unexpectedErrors).toBe(before + 1);
  });
});

describe('POST /__mock/wallet-token', () => {
  test('mints a working wallet token for the given address, in lower case', async () => {
    const mock = harness();
    const address = '0x' + 'Ab'.repeat(20);
    const answer = await control(mock, 'POST', '/wallet-token', { address });
    expect(answer.body).toMatchObject({ address: address.toLowerCase(), expiresIn: 300 });
    const host = await mock.create();
    const joined = await mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${answer.body.token}` },
      json: { sessionId: host.sessionId },
    });
    expect(joined.status).toBe(200);
    const sessions = await control(mock, 'GET', '/sessions');
    expect(sessions.body.sessions[0].members[1].wallet).toBe(address.toLowerCase());
  });

  test('picks a random address when none is given, and accepts no body at all', async () => {
    const mock = harness();
    const first = await control(mock, 'POST', '/wallet-token', {});
    const second = await mock.request({ method: 'POST', url: '/__mock/wallet-token' });
    expect(second.status).toBe(200);
    expect(first.body.address).not.toBe(second.body.address);
  });

  test('honours ttlSeconds on the virtual clock', async () => {
    const mock = harness();
    const host = await mock.create();
    const { token } = await mock.walletToken(randomAddress(), 10);
    await mock.advance(10);
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}` },
      json: { sessionId: host.sessionId },
    });
    expect(answer.status).toBe(401);
  });

  test.for([
    ['a malformed address', { address: '0x12' }],
    ['ttlSeconds 0', { ttlSeconds: 0 }],
    ['an unknown property', { wallet: '0x' + '1'.repeat(40) }],
  ] as const)('answers 400 for %s', async ([, body]) => {
    const mock = harness();
    const answer = await control(mock, 'POST', '/wallet-token', body);
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:session-api:problem:invalid-control-request');
  });

  test('answers 400, not 413, for a body over --body-limit', async () => {
    const mock = harness({ config: { bodyLimitBytes: 1024 } });
    const answer = await control(mock, 'POST', '/wallet-token', { address: 'x'.repeat(2000) });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:session-api:problem:invalid-control-request');
  });

  test('answers 400 for a body that is not JSON', async () => {
    const mock = harness();
    const answer = await mock.request({
      method: 'POST',
      url: '/__mock/wallet-token',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(answer.status).toBe(400);
  });
});

describe('/__mock/clock', () => {
  test('starts at real time with no offset, and moves forward by advanceSeconds or to an absolute time', async () => {
    const mock = harness();
    const start = Math.floor(startMs / 1000);
    expect((await control(mock, 'GET', '/clock')).body).toEqual({ now: start, offsetSeconds: 0, frozen: false });
    expect((await control(mock, 'POST', '/clock', { advanceSeconds: 3600 })).body).toEqual({
      now: start + 3600,
      offsetSeconds: 3600,
      frozen: false,
    });
    expect((await control(mock, 'POST', '/clock', { now: start + 7200 })).body).toEqual({
      now: start + 7200,
      offsetSeconds: 7200,
      frozen: false,
    });
    expect((await control(mock, 'POST', '/clock', { advanceSeconds: 0 })).body.now).toBe(start + 7200);
  });

  const start = Math.floor(startMs / 1000);
  const usage =
    'Send {"advanceSeconds": <seconds>} to move the clock forward, {"now": <Unix seconds>} to move it to a time, ' +
    'or {"freeze": true|false} to stop or release it.';
  test.for([
    ['a negative advance', { advanceSeconds: -10 }, 'The clock only moves forward; advanceSeconds must be 0 or more.'],
    ['a fractional advance', { advanceSeconds: 1.5 }, 'advanceSeconds must be a whole number of seconds.'],
    ['an advance that is no number', { advanceSeconds: '60' }, 'advanceSeconds must be a whole number of seconds.'],
    ['a time in the past', { now: start - 1 }, `The clock only moves forward; now must be ${start} or later.`],
    ['both fields', { advanceSeconds: 1, now: start + 5 }, 'Send one of advanceSeconds, now and freeze, not several.'],
    ['no field', {}, usage],
    ['an unknown field', { advance: 5 }, `Unknown field "advance". ${usage}`],
    ['an array', [1], usage],
  ] as const)('answers 400 for %s with one clear detail, and leaves the clock alone', async ([, body, detail]) => {
    const mock = harness();
    const answer = await control(mock, 'POST', '/clock', body);
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe(detail);
    expect((await control(mock, 'GET', '/clock')).body.offsetSeconds).toBe(0);
  });

  test.for([
    ['an advance of 8639000000000 seconds', { advanceSeconds: 8_639_000_000_000 }],
    ['an advance of 1e300 seconds', { advanceSeconds: 1e300 }],
    ['an absolute time one second past the limit', { now: 2_146_875_248 }],
  ] as const)('refuses %s: the clock stops where every session and token fits an int32 expiry', async ([, body]) => {
    const mock = harness();
    const answer = await control(mock, 'POST', '/clock', body);
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/cannot pass 2038-01-12T02:14:07Z \(Unix 2146875247\)/);
    expect((await control(mock, 'GET', '/clock')).body.offsetSeconds).toBe(0);
    // And tokens keep working: before the bound, every token was "malformed" after such a move.
    expect((await mock.current((await mock.create()).token)).status).toBe(200);
  });

  test('moves to the limit itself, where the longest session and its tokens still fit the int32 expiry', async () => {
    const mock = harness();
    expect((await control(mock, 'POST', '/clock', { now: 2_146_875_247 })).body.now).toBe(2_146_875_247);
    const host = await mock.create({ rules: { expiryDurationInSeconds: 604_800 } });
    expect(host.body.rules.expiry).toBe(2_147_483_647 - 3600);
    expect((await mock.current(host.token)).status).toBe(200);
    const further = await control(mock, 'POST', '/clock', { advanceSeconds: 1 });
    expect(further.status).toBe(400);
    expect(further.body.detail).toMatch(/advanceSeconds may be at most 0 now/);
  });

  test('answers 400 without a body', async () => {
    const mock = harness();
    expect((await mock.request({ method: 'POST', url: '/__mock/clock' })).status).toBe(400);
  });

  test('drives session expiry', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { expiryDurationInSeconds: 120 } });
    await control(mock, 'POST', '/clock', { now: host.body.rules.expiry });
    expect((await mock.current(host.token)).status).toBe(404);
  });
});

describe('GET /__mock/sessions', () => {
  test('lists every live session with all its members and their states, never the password', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { password: 'secret-pw', userCapacity: 5 } });
    const kicked = await mock.join(host.sessionId, randomAddress(), 'secret-pw');
    const left = await mock.join(host.sessionId, randomAddress(), 'secret-pw');
    await mock.kick(host.token, kicked.id);
    await mock.disconnect(left.token);
    const gone = await mock.create();
    await mock.remove(gone.token);
    const answer = await control(mock, 'GET', '/sessions');
    expect(answer.body.sessions).toHaveLength(1);
    expect(answer.body.sessions[0]).toMatchObject({
      id: host.sessionId,
      creatorId: host.id,
      maxUsers: 5,
      passwordProtected: true,
      allowOnlyWhitelistedAddresses: false,
    });
    expect(
      answer.body.sessions[0].members.map(({ id, role, state }: Record<string, string>) => ({ id, role, state })),
    ).toEqual([
      { id: host.id, role: 'host', state: 'active' },
      { id: kicked.id, role: 'guest', state: 'kicked' },
      { id: left.id, role: 'guest', state: 'left' },
    ]);
    expect(answer.text).not.toContain('secret-pw');
  });

  test('leaves out expired sessions', async () => {
    const mock = harness();
    await mock.create({ rules: { expiryDurationInSeconds: 60 } });
    await mock.advance(60);
    expect((await control(mock, 'GET', '/sessions')).body.sessions).toEqual([]);
  });
});

describe('/__mock/faults', () => {
  test('adds rules with their defaults, lists them in order, and clears them', async () => {
    const mock = harness();
    const first = await control(mock, 'POST', '/faults', {
      method: 'get',
      path: '/v1/session/current',
      status: 503,
      times: 2,
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      id: 1,
      method: 'GET',
      path: '/v1/session/current',
      status: 503,
      latencyMs: 0,
      reset: false,
      probability: 1,
      remaining: 2,
    });
    const second = await control(mock, 'POST', '/faults', { latencyMs: 5 });
    expect(second.body).toMatchObject({ id: 2, latencyMs: 5, remaining: null });
    expect((await control(mock, 'GET', '/faults')).body.faults.map((rule: { id: number }) => rule.id)).toEqual([1, 2]);
    expect((await control(mock, 'DELETE', '/faults')).status).toBe(204);
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
  });

  test.for([
    ['a 2xx status', { status: 200 }],
    ['a latency above 10000 ms', { latencyMs: 10001 }],
    ['a negative latency', { latencyMs: -1 }],
    ['a probability above 1', { probability: 1.5 }],
    ['times 0', { times: 0 }],
    ['a relative path', { path: 'v1/session' }],
    ['an unknown property', { statusCode: 500 }],
  ] as const)('answers 400 for %s', async ([, body]) => {
    const mock = harness();
    const answer = await control(mock, 'POST', '/faults', body);
    expect(answer.status).toBe(400);
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
  });
});

describe('POST /__mock/reset', () => {
  test('empties sessions, nonces, fault rules and the journal, and sets the clock back to real time', async () => {
    const mock = harness();
    const host = await mock.create();
    const account = privateKeyToAccount(generatePrivateKey());
    const nonce = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' });
    await control(mock, 'POST', '/faults', { path: '/nowhere', status: 500 });
    await mock.advance(1000);
    expect((await control(mock, 'POST', '/reset')).status).toBe(204);
    expect((await control(mock, 'GET', '/sessions')).body.sessions).toEqual([]);
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
    expect((await control(mock, 'GET', '/requests')).body.requests).toEqual([]);
    expect((await control(mock, 'GET', '/clock')).body).toEqual({
      now: Math.floor(startMs / 1000),
      offsetSeconds: 0,
      frozen: false,
    });
    // A token of before the reset is of an earlier generation (docs/reliability.md, "Token generations").
    expect((await mock.current(host.token)).status).toBe(401);
    const { message } = nonce.body;
    const verify = await mock.request({
      method: 'POST',
      url: '/v1/wallet-proof/verify',
      json: { walletAddress: account.address, message, signature: await account.signMessage({ message }) },
    });
    expect(verify.status).toBe(400);
  });

  test('empties revocations: a kicked wallet may join a new session', async () => {
    const mock = harness();
    const host = await mock.create();
    const guest = await mock.join(host.sessionId);
    await mock.kick(host.token, guest.id);
    await control(mock, 'POST', '/reset');
    const fresh = await mock.create();
    expect((await mock.joinAnswer(fresh.sessionId, guest.wallet)).status).toBe(200);
  });
});

describe('access to the control plane', () => {
  test('beyond loopback without a control token every call is a 403', async () => {
    const mock = harness({ config: { host: '0.0.0.0' } });
    for (const [method, path] of [
      ['GET', '/health'],
      ['POST', '/reset'],
      ['POST', '/wallet-token'],
      ['GET', '/clock'],
      ['GET', '/sessions'],
      ['GET', '/requests'],
      ['GET', '/faults'],
      ['DELETE', '/faults'],
    ] as const) {
      const answer = await control(mock, method, path, undefined, { authorization: 'Bearer anything' });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.type).toBe('urn:session-api:problem:control-forbidden');
    }
  });

  test.for(['0.0.0.0', '127.0.0.1'])('on %s with --control-token the token is required and enough', async (host) => {
    const mock = harness({ config: { host, controlToken: 'let-me-in' } });
    expect((await control(mock, 'GET', '/health')).status).toBe(403);
    expect((await control(mock, 'GET', '/health', undefined, { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await control(mock, 'GET', '/health', undefined, { authorization: 'Bearer let-me-in' })).status).toBe(200);
    expect((await control(mock, 'POST', '/reset', undefined, { authorization: 'bearer let-me-in' })).status).toBe(204);
  });

  test('the API itself needs no control token beyond loopback', async () => {
    const mock = harness({ config: { host: '0.0.0.0' } });
    expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).status).toBe(200);
  });

  test('with --no-control there is nothing under /__mock (404, not 405)', async () => {
    const mock = harness({ config: { control: false } });
    expect((await mock.request({ method: 'GET', url: '/__mock/health' })).status).toBe(404);
    expect((await mock.request({ method: 'POST', url: '/__mock/wallet-token', json: {} })).status).toBe(404);
    expect((await mock.request({ method: 'PUT', url: '/__mock/faults' })).status).toBe(404);
    expect((await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' })).status).toBe(200);
  });
});
