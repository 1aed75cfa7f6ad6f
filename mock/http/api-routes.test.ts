/**
 * The Session API over HTTP, in process: every row of the status table (docs/rules.md §16) and the
 * lifecycle (§6), each answer checked against spec/session-api.yaml by the harness.
 */
import { describe, expect, test } from 'vitest';
import { apiKey, harness, randomAddress, type Harness } from '../testing/harness.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function hostAndGuest(mock: Harness, body: unknown = {}) {
  const host = await mock.create(body);
  const guest = await mock.join(host.sessionId);
  return { host, guest };
}

describe('POST /v1/session (create)', () => {
  test('makes the caller host with default rules, a pseudonym and creatorId its user id', async () => {
    const mock = harness();
    const host = await mock.create();
    expect(host.body).toMatchObject({
      expiresIn: 3600,
      credentials: { role: 'host' },
      rules: {
        maxUsers: 10,
        maxFiles: 100,
        maxTotalMegaBytes: 1024,
        passwordProtected: false,
        whiteListAddresses: [],
        expiry: (await mock.now()) + 3600,
      },
    });
    expect(host.body.credentials.pseudonym).toMatch(/\S+ \S+/);
    const current = await mock.current(host.token);
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({
      id: host.sessionId,
      creatorId: host.id,
      users: [{ id: host.id, role: 'host', address: host.wallet }],
    });
  });

  test('takes identity, capacity, expiry and password from rules, and never returns the password', async () => {
    const mock = harness();
    const shown = '0x' + 'AB'.repeat(20);
    const host = await mock.create({
      identity: { name: 'Ada', chainAddress: shown },
      rules: { userCapacity: 3, expiryDurationInSeconds: 60, password: 'hunter2' },
    });
    expect(host.body).toMatchObject({
      expiresIn: 60,
      credentials: { pseudonym: 'Ada' },
      rules: { maxUsers: 3, passwordProtected: true },
    });
    expect(JSON.stringify(host.body)).not.toContain('hunter2');
    const current = await mock.current(host.token);
    expect(current.body.users).toEqual([{ id: host.id, role: 'host', name: 'Ada', address: shown }]);
    expect(current.text).not.toContain('hunter2');
  });

  test('gives a generated pseudonym when identity.name is null', async () => {
    const mock = harness();
    const host = await mock.create({ identity: { name: null, chainAddress: null }, rules: null });
    expect(host.body.credentials.pseudonym).toMatch(/\S+ \S+/);
    expect((await mock.current(host.token)).body.users[0].address).toBe(host.wallet);
  });

  test('accepts no body at all (every field has a default)', async () => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { ...bearer(token), 'x-api-key': apiKey },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.rules.maxUsers).toBe(10);
  });

  test.for([
    ['userCapacity above 1000', { rules: { userCapacity: 1001 } }, '/rules/userCapacity'],
    ['userCapacity 0', { rules: { userCapacity: 0 } }, '/rules/userCapacity'],
    ['expiry below 60 seconds', { rules: { expiryDurationInSeconds: 59 } }, '/rules/expiryDurationInSeconds'],
    ['expiry above 604800 seconds', { rules: { expiryDurationInSeconds: 604801 } }, '/rules/expiryDurationInSeconds'],
    ['a string capacity', { rules: { userCapacity: '5' } }, '/rules/userCapacity'],
    ['an unknown property', { colour: 'red' }, '/colour'],
    ['an unknown rules property', { rules: { maxFiles: 3 } }, '/rules/maxFiles'],
    [
      'a malformed whitelist address',
      { rules: { whiteListAddresses: [{ address: '0x123' }] } },
      '/rules/whiteListAddresses/0/address',
    ],
    ['a malformed deprecated whitelist address', { whiteListAddresses: ['nope'] }, '/whiteListAddresses/0'],
    ['a malformed identity address', { identity: { chainAddress: 'nope' } }, '/identity/chainAddress'],
    ['a body that is not an object', [1, 2], ''],
  ] as const)('answers 422 listing the field for %s', async ([, body, pointer]) => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { ...bearer(token), 'x-api-key': apiKey },
      json: body,
    });
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe('urn:session-api:problem:validation-failed');
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
  });

  test('honours the deprecated top-level password and whitelist (the list is enforced)', async () => {
    const mock = harness();
    const listed = randomAddress();
    const host = await mock.create({ password: 'old', whiteListAddresses: [listed] });
    expect(host.body.rules).toMatchObject({ passwordProtected: true, whiteListAddresses: [listed] });
    expect((await mock.joinAnswer(host.sessionId, randomAddress(), 'old')).status).toBe(403);
    expect((await mock.joinAnswer(host.sessionId, listed, 'wrong')).status).toBe(401);
    expect((await mock.joinAnswer(host.sessionId, listed, 'old')).status).toBe(200);
  });

  test('lets rules win over the deprecated fields where both are given', async () => {
    const mock = harness();
    const host = await mock.create({
      password: 'old',
      rules: { password: 'new' },
      whiteListAddresses: [randomAddress()],
    });
    expect((await mock.joinAnswer(host.sessionId, randomAddress(), 'old')).status).toBe(403);
    const open = await mock.create({
      password: 'old',
      whiteListAddresses: [randomAddress()],
      rules: { password: 'new', allowOnlyWhitelistedAddresses: false },
    });
    expect((await mock.joinAnswer(open.sessionId, randomAddress(), 'old')).status).toBe(401);
    expect((await mock.joinAnswer(open.sessionId, randomAddress(), 'new')).status).toBe(200);
  });

  test('lists whitelisted addresses as strings, as given', async () => {
    const mock = harness();
    const listed = '0x' + 'Ab'.repeat(20);
    const host = await mock.create({
      rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed, chain: 'Ethereum' }] },
    });
    expect(host.body.rules.whiteListAddresses).toEqual([listed]);
    expect((await mock.current(host.token)).body.whiteListAddresses).toEqual([listed]);
  });
});

describe('credentials on create', () => {
  test.for([
    ['no API key', {}, 'ApiKey'],
    ['an unknown API key', { 'x-api-key': 'wrong' }, 'ApiKey'],
  ] as const)('%s is a 401 with an ApiKey challenge', async ([, headers, scheme]) => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { ...bearer(token), ...headers },
      json: {},
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(new RegExp(`^${scheme} `));
    expect(answer.headers['www-authenticate']).toContain('header="X-API-KEY"');
    expect(answer.body.type).toBe('urn:session-api:problem:invalid-api-key');
  });

  test('a missing wallet token is a 401 with a plain Bearer challenge (no token was refused)', async () => {
    const mock = harness();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { 'x-api-key': apiKey },
      json: {},
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(answer.headers['www-authenticate']).not.toContain('invalid_token');
  });

  test('keys given with --api-key replace the default', async () => {
    const mock = harness({ config: { apiKeys: ['k1', 'k2'] } });
    const { token } = await mock.walletToken();
    const call = (key: string) =>
      mock.request({ method: 'POST', url: '/v1/session', headers: { ...bearer(token), 'x-api-key': key }, json: {} });
    expect((await call(apiKey)).status).toBe(401);
    expect((await call('k2')).status).toBe(200);
  });
});

describe('POST /v1/session/join', () => {
  test('adds the caller as guest with the current members listed', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    expect(guest.body).toMatchObject({ sessionId: host.sessionId, credentials: { role: 'guest' } });
    expect(guest.body.users.map((user: { id: string }) => user.id)).toEqual([host.id, guest.id]);
    expect(guest.body.users[1].address).toBe(guest.wallet);
    expect((await mock.current(guest.token)).body.users).toHaveLength(2);
  });

  test('answers expiresIn as the seconds left and expiry as the Unix time the session ends', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { expiryDurationInSeconds: 600 } });
    await mock.advance(100);
    const guest = await mock.join(host.sessionId);
    expect(guest.body.expiresIn).toBe(500);
    expect(guest.body.rules.expiry).toBe(host.body.rules.expiry);
    expect(guest.body.rules.expiry).toBe((await mock.now()) + 500);
  });

  test('is idempotent: a second join gives the same id and a fresh token, and the old token stays valid', async () => {
    const mock = harness();
    const host = await mock.create();
    const wallet = randomAddress();
    const first = await mock.join(host.sessionId, wallet);
    const second = await mock.join(host.sessionId, wallet);
    expect(second.id).toBe(first.id);
    expect(second.token).not.toBe(first.token);
    expect((await mock.current(first.token)).status).toBe(200);
    expect((await mock.current(second.token)).body.users).toHaveLength(2);
  });

  test.for([
    ['an unknown session id', 'unknown'],
    ['a deleted session', 'deleted'],
    ['an expired session', 'expired'],
  ] as const)('answers 404 for %s', async ([, kind]) => {
    const mock = harness();
    const host = await mock.create({ rules: { expiryDurationInSeconds: 60 } });
    if (kind === 'deleted') expect((await mock.remove(host.token)).status).toBe(200);
    if (kind === 'expired') await mock.advance(60);
    const answer = await mock.joinAnswer(kind === 'unknown' ? 'no-such-session' : host.sessionId);
    expect(answer.status).toBe(404);
    expect(answer.body.type).toBe('urn:session-api:problem:session-not-found');
  });

  test('answers a missing or wrong password 401 with a SessionPassword challenge, the right one 200', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { password: 'pw' } });
    for (const password of [undefined, 'wrong', '']) {
      const answer = await mock.joinAnswer(host.sessionId, randomAddress(), password);
      expect(answer.status, String(password)).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^SessionPassword /);
      expect(answer.body.type).toBe('urn:session-api:problem:invalid-password');
    }
    expect((await mock.joinAnswer(host.sessionId, randomAddress(), 'pw')).status).toBe(200);
  });

  test('needs the password on every join of a protected session, rejoins included', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { password: 'pw' } });
    const wallet = randomAddress();
    await mock.join(host.sessionId, wallet, 'pw');
    expect((await mock.joinAnswer(host.sessionId, wallet)).status).toBe(401);
  });

  test('answers 403 to a wallet not on an enforced whitelist, and admits one on it (case-insensitively)', async () => {
    const mock = harness();
    const listed = '0x' + 'Cd'.repeat(20);
    const host = await mock.create({
      rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed }] },
    });
    const refused = await mock.joinAnswer(host.sessionId);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:session-api:problem:not-whitelisted');
    expect((await mock.joinAnswer(host.sessionId, listed.toLowerCase())).status).toBe(200);
  });

  test('does not enforce a whitelist without allowOnlyWhitelistedAddresses', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { whiteListAddresses: [{ address: randomAddress() }] } });
    expect((await mock.joinAnswer(host.sessionId)).status).toBe(200);
  });

  test('exempts the creator from the whitelist and the password', async () => {
    const mock = harness();
    const host = await mock.create({
      rules: { password: 'pw', allowOnlyWhitelistedAddresses: true, whiteListAddresses: [] },
    });
    const back = await mock.join(host.sessionId, host.wallet);
    expect(back.body.credentials).toMatchObject({ id: host.id, role: 'host' });
  });

  test('uses the verified wallet, never identity.chainAddress, for the whitelist', async () => {
    const mock = harness();
    const listed = randomAddress();
    const host = await mock.create({
      identity: { chainAddress: listed },
      rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed }] },
    });
    // The creator shows the listed address but is not that wallet; a stranger still cannot join.
    expect((await mock.current(host.token)).body.users[0].address).toBe(listed);
    expect((await mock.joinAnswer(host.sessionId)).status).toBe(403);
  });

  test('answers 409 when the session is full', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { userCapacity: 2 } });
    await mock.join(host.sessionId);
    const full = await mock.joinAnswer(host.sessionId);
    expect(full.status).toBe(409);
    expect(full.body.type).toBe('urn:session-api:problem:session-full');
  });

  test('answers 422 for a body without sessionId, and for no body', async () => {
    const mock = harness();
    const { token } = await mock.walletToken();
    const empty = await mock.request({ method: 'POST', url: '/v1/session/join', headers: bearer(token), json: {} });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ pointer: '/sessionId', message: 'is required' }]);
    const none = await mock.request({ method: 'POST', url: '/v1/session/join', headers: bearer(token) });
    expect(none.status).toBe(422);
  });
});

describe('GET /v1/session/current', () => {
  test('answers 404 with a valid token once the session has expired, at expiry exactly', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { expiryDurationInSeconds: 60 } });
    await mock.advance(59);
    expect((await mock.current(host.token)).status).toBe(200);
    await mock.advance(1);
    expect((await mock.current(host.token)).status).toBe(404);
  });

  test('answers 401 once the session token itself has expired, an hour after the session', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { expiryDurationInSeconds: 60 } });
    await mock.advance(60 + 3600 - 1);
    expect((await mock.current(host.token)).status).toBe(404);
    await mock.advance(1);
    const expired = await mock.current(host.token);
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
  });
});

describe('POST /v1/session/current/kick', () => {
  test('kicks a member: its token stops working (401) and its wallet cannot rejoin (403)', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    const kicked = await mock.kick(host.token, guest.id);
    expect(kicked.status).toBe(200);
    expect(kicked.text).toBe('');
    const after = await mock.current(guest.token);
    expect(after.status).toBe(401);
    expect(after.headers['www-authenticate']).toContain('error="invalid_token"');
    const rejoin = await mock.joinAnswer(host.sessionId, guest.wallet);
    expect(rejoin.status).toBe(403);
    expect(rejoin.body.type).toBe('urn:session-api:problem:banned');
    expect((await mock.current(host.token)).body.users.map((user: { id: string }) => user.id)).toEqual([host.id]);
  });

  test('revokes every token of the kicked member, the older ones of idempotent joins included', async () => {
    const mock = harness();
    const host = await mock.create();
    const wallet = randomAddress();
    const first = await mock.join(host.sessionId, wallet);
    const second = await mock.join(host.sessionId, wallet);
    await mock.kick(host.token, first.id);
    expect((await mock.current(first.token)).status).toBe(401);
    expect((await mock.current(second.token)).status).toBe(401);
  });

  test.for([
    ['a guest kicking the host', 'guest', 'host', 403],
    ['a guest naming itself', 'guest', 'guest', 403],
    ['the host naming an unknown user', 'host', 'unknown', 404],
    ['the host kicking itself', 'host', 'host', 422],
  ] as const)('answers %s (caller %s, target %s) with %i', async ([, caller, target, status]) => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    const token = caller === 'host' ? host.token : guest.token;
    const userId = target === 'host' ? host.id : target === 'guest' ? guest.id : 'nobody';
    const answer = await mock.kick(token, userId);
    expect(answer.status).toBe(status);
    if (status === 422) expect(answer.body.type).toBe('urn:session-api:problem:self-kick');
  });

  test('answers 422 for a userId that breaks the schema', async () => {
    const mock = harness();
    const host = await mock.create();
    const answer = await mock.kick(host.token, 42);
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0].pointer).toBe('/userId');
  });
});

describe('POST /v1/session/disconnect', () => {
  test('ends the membership: the token stops working, the session lives on, a rejoin gets the same id', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    const left = await mock.disconnect(guest.token);
    expect(left.status).toBe(200);
    expect(left.text).toBe('');
    expect((await mock.current(guest.token)).status).toBe(401);
    expect((await mock.current(host.token)).body.users).toHaveLength(1);
    const back = await mock.join(host.sessionId, guest.wallet);
    expect(back.id).toBe(guest.id);
    expect((await mock.current(guest.token)).status).toBe(401);
    expect((await mock.current(back.token)).status).toBe(200);
  });

  test('revokes every token of the member, the older ones of idempotent joins included', async () => {
    const mock = harness();
    const host = await mock.create();
    const wallet = randomAddress();
    const first = await mock.join(host.sessionId, wallet);
    const second = await mock.join(host.sessionId, wallet);
    expect((await mock.disconnect(second.token)).status).toBe(200);
    expect((await mock.current(first.token)).status).toBe(401);
    expect((await mock.disconnect(first.token)).status).toBe(401);
  });

  test('when the host disconnects the session goes on without a host until the creator rejoins as host', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    expect((await mock.disconnect(host.token)).status).toBe(200);
    const hostless = await mock.current(guest.token);
    expect(hostless.body.users).toEqual([expect.objectContaining({ id: guest.id, role: 'guest' })]);
    expect((await mock.remove(guest.token)).status).toBe(403);
    const back = await mock.join(host.sessionId, host.wallet);
    expect(back.body.credentials).toMatchObject({ id: host.id, role: 'host' });
    expect((await mock.kick(back.token, guest.id)).status).toBe(200);
  });

  test('ignores a body, even one that is not JSON', async () => {
    const mock = harness();
    const host = await mock.create();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session/disconnect',
      headers: { ...bearer(host.token), 'content-type': 'text/plain' },
      payload: 'not json',
    });
    expect(answer.status).toBe(200);
  });
});

describe('DELETE /v1/session/current', () => {
  test('deletes the session for every member (404) and it cannot be joined (404)', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    const deleted = await mock.remove(host.token);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('');
    for (const token of [host.token, guest.token]) {
      expect((await mock.current(token)).status).toBe(404);
      expect((await mock.disconnect(token)).status).toBe(404);
      expect((await mock.kick(token, 'x')).status).toBe(404);
      expect((await mock.remove(token)).status).toBe(404);
    }
    expect((await mock.joinAnswer(host.sessionId)).status).toBe(404);
  });

  test('answers 403 to a guest', async () => {
    const mock = harness();
    const { guest } = await hostAndGuest(mock);
    const answer = await mock.remove(guest.token);
    expect(answer.status).toBe(403);
    expect(answer.body.type).toBe('urn:session-api:problem:not-host');
  });
});

describe('the order of the checks', () => {
  const joinWith = (
    mock: Harness,
    headers: Record<string, string>,
    payload: string,
    contentType = 'application/json',
  ) =>
    mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { ...headers, 'content-type': contentType },
      payload,
    });

  test('an unreadable body beats a missing credential: 400, 415', async () => {
    const mock = harness();
    expect((await joinWith(mock, {}, '{"sessionId":')).status).toBe(400);
    expect((await joinWith(mock, {}, '{"sessionId":"x"}', 'text/plain')).status).toBe(415);
  });

  test('a too large body beats a missing credential: 413', async () => {
    const mock = harness({ config: { bodyLimitBytes: 1024 } });
    expect((await joinWith(mock, {}, JSON.stringify({ sessionId: 'x'.repeat(2000) }))).status).toBe(413);
  });

  test('a missing credential beats a schema error: 401', async () => {
    const mock = harness();
    expect((await joinWith(mock, {}, '{"sessionId": 5}')).status).toBe(401);
    const create = await mock.request({ method: 'POST', url: '/v1/session', json: { rules: { userCapacity: 0 } } });
    expect(create.status).toBe(401);
  });

  test('a schema error beats a missing session: 422', async () => {
    const mock = harness();
    const { token } = await mock.walletToken();
    expect((await joinWith(mock, bearer(token), '{"sessionId": "gone", "extra": 1}')).status).toBe(422);
  });

  test('a missing session beats a ban: 404 for a kicked wallet once the session is deleted', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    await mock.kick(host.token, guest.id);
    await mock.remove(host.token);
    expect((await mock.joinAnswer(host.sessionId, guest.wallet)).status).toBe(404);
  });

  test('a ban or the whitelist beats the password: 403', async () => {
    const mock = harness();
    const host = await mock.create({
      rules: { password: 'pw', allowOnlyWhitelistedAddresses: true, whiteListAddresses: [] },
    });
    expect((await mock.joinAnswer(host.sessionId, randomAddress(), 'wrong')).status).toBe(403);
  });

  test('the password beats capacity: 401 on a full session', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { password: 'pw', userCapacity: 1 } });
    expect((await mock.joinAnswer(host.sessionId, randomAddress(), 'wrong')).status).toBe(401);
    expect((await mock.joinAnswer(host.sessionId, randomAddress(), 'pw')).status).toBe(409);
  });

  test('not being host beats an unknown kick target: 403', async () => {
    const mock = harness();
    const { guest } = await hostAndGuest(mock);
    expect((await mock.kick(guest.token, 'nobody')).status).toBe(403);
  });

  test('a schema error beats a gone session on kick: 422', async () => {
    const mock = harness();
    const host = await mock.create();
    await mock.remove(host.token);
    expect((await mock.kick(host.token, 42)).status).toBe(422);
  });

  test('a revoked token stays 401 after its session is deleted', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock);
    const third = await mock.join(host.sessionId);
    await mock.kick(host.token, guest.id);
    await mock.disconnect(third.token);
    await mock.remove(host.token);
    for (const token of [guest.token, third.token]) {
      expect((await mock.current(token)).status).toBe(401);
      expect((await mock.remove(token)).status).toBe(401);
    }
  });

  test('a revoked token stays 401 after its session has expired', async () => {
    const mock = harness();
    const { host, guest } = await hostAndGuest(mock, { rules: { expiryDurationInSeconds: 60 } });
    await mock.disconnect(guest.token);
    await mock.advance(120);
    expect((await mock.current(guest.token)).status).toBe(401);
    expect((await mock.current(host.token)).status).toBe(404);
  });
});
