/**
 * Credentials over HTTP: forged, tampered, expired and wrong-kind tokens, and the
 * wallet proof with real EIP-191 signatures from viem.
 */
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { describe, expect, test } from 'vitest';
import { claimsOf, forge, signToken, tamper } from '../../contracts/suite/forged-tokens.ts';
import { apiKey, harness, randomAddress, type Harness } from '../testing/harness.ts';

const secret = 'a-test-secret-of-at-least-32-characters!';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A token in the mock's own format, signed with the test secret, timed on the mock's virtual clock. */
async function forgeWith(
  mock: Harness,
  claims: Record<string, unknown>,
  options: { alg?: string; subject?: string } = {},
): Promise<string> {
  const now = await mock.now();
  const timing = { issuedAt: now, notBefore: now, expiresAt: now + 300 };
  const subject = options.subject ?? randomAddress();
  // The default world's name and current generation, read from a real token,
  // so that each forgery is refused for its own flaw.
  const gen = claimsOf((await mock.walletToken()).token).gen;
  return signToken(
    secret,
    { ns: 'default', gen, ...claims },
    { alg: options.alg, issuer: 'session-api-mock', subject, ...timing },
  );
}

/** A wallet proof body: `message` signed by `account` (EIP-191). */
const signedProof = async (account: PrivateKeyAccount, message: string) => ({
  walletAddress: account.address,
  message,
  signature: await account.signMessage({ message }),
});

const join = (mock: Harness, token: string, sessionId: string) =>
  mock.request({ method: 'POST', url: '/v1/session/join', headers: bearer(token), json: { sessionId } });

function expectRefused(answer: { status: number; headers: Record<string, string | undefined> }) {
  expect(answer.status).toBe(401);
  expect(answer.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
}

describe('wallet tokens on join', () => {
  test(
    "a token forged with the test secret in the mock's own format is accepted (so the refusals below are " +
      'meaningful)',
    async () => {
      const mock = harness({ config: { tokenSecret: secret } });
      const host = await mock.create();
      expect((await join(mock, await forgeWith(mock, { kind: 'wallet' }), host.sessionId)).status).toBe(200);
    },
  );

  test('a session token is refused where a wallet token is required', async () => {
    const mock = harness();
    const host = await mock.create();
    const answer = await join(mock, host.token, host.sessionId);
    expectRefused(answer);
    expect(answer.body.detail).toMatch(/session token/);
  });

  test('a tampered token is refused', async () => {
    const mock = harness();
    const host = await mock.create();
    const { token } = await mock.walletToken();
    expectRefused(await join(mock, tamper(token, { sub: randomAddress() }), host.sessionId));
  });

  test('a token with a changed signature is refused', async () => {
    const mock = harness();
    const host = await mock.create();
    const { token } = await mock.walletToken();
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expectRefused(await join(mock, `${token.slice(0, -2)}${last}${token.at(-1)}`, host.sessionId));
  });

  test('an `alg: none` token is refused', async () => {
    const mock = harness();
    const host = await mock.create();
    const { token } = await mock.walletToken();
    expectRefused(await join(mock, forge('alg-none', token), host.sessionId));
  });

  test('a token signed with the right secret but another algorithm (HS512) is refused', async () => {
    const mock = harness({ config: { tokenSecret: secret } });
    const host = await mock.create();
    expectRefused(await join(mock, await forgeWith(mock, { kind: 'wallet' }, { alg: 'HS512' }), host.sessionId));
  });

  test('a token without a kind is refused', async () => {
    const mock = harness({ config: { tokenSecret: secret } });
    const host = await mock.create();
    expectRefused(await join(mock, await forgeWith(mock, {}), host.sessionId));
  });

  test('a token signed with another secret is refused', async () => {
    const mock = harness({ config: { tokenSecret: 'another-secret-of-at-least-32-characters' } });
    const host = await mock.create();
    const other = harness({ config: { tokenSecret: secret } });
    expectRefused(await join(mock, (await other.walletToken()).token, host.sessionId));
  });

  test('a wallet token expires after its lifetime on the virtual clock (5 minutes by default)', async () => {
    const mock = harness();
    const host = await mock.create();
    const early = await mock.walletToken();
    const late = await mock.walletToken();
    await mock.advance(299);
    expect((await join(mock, early.token, host.sessionId)).status).toBe(200);
    await mock.advance(1);
    const answer = await join(mock, late.token, host.sessionId);
    expectRefused(answer);
    expect(answer.body.detail).toMatch(/expired/);
  });

  test.for([
    ['Basic dXNlcjpwdw==', true],
    ['Bearer', true],
    ['Bearer a b', true],
    ['Bearer not-a-jwt', true],
    ['', false],
  ] as const)('an Authorization header "%s" is a 401 (token refused: %s)', async ([authorization, refused]) => {
    const mock = harness();
    const host = await mock.create();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization },
      json: { sessionId: host.sessionId },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']!.includes('error="invalid_token"')).toBe(refused);
  });
});

describe('session tokens', () => {
  test.for([
    ['GET', '/session/current', undefined],
    ['DELETE', '/session/current', undefined],
    ['POST', '/session/current/kick', { userId: 'x' }],
    ['POST', '/session/disconnect', undefined],
  ] as const)('%s %s refuses a wallet token (401, invalid_token)', async ([method, path, json]) => {
    const mock = harness();
    const { token } = await mock.walletToken();
    expectRefused(await mock.asMember(token, method, path, json));
  });

  test.for([
    ['GET', '/session/current'],
    ['DELETE', '/session/current'],
    ['POST', '/session/disconnect'],
  ] as const)('%s %s without a token is a 401 with a plain Bearer challenge', async ([method, path]) => {
    const mock = harness();
    const answer = await mock.request({ method, url: `/v1${path}` });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(answer.headers['www-authenticate']).not.toContain('error=');
  });

  test('a tampered session token naming another session is refused', async () => {
    const mock = harness();
    const first = await mock.create();
    const second = await mock.create();
    expectRefused(await mock.current(tamper(first.token, { sid: second.sessionId })));
  });

  test('refuses a session token forged for a member of another membership: revocation is per membership', async () => {
    const mock = harness({ config: { tokenSecret: secret } });
    const host = await mock.create();
    const claims = claimsOf(host.token);
    const forged = await forgeWith(
      mock,
      { kind: 'session', sid: claims.sid, mid: 'another-membership' },
      { subject: host.id },
    );
    expectRefused(await mock.current(forged));
  });
});

describe('wallet proof', () => {
  async function nonce(mock: Harness): Promise<{ nonce: number; message: string }> {
    const answer = await mock.request({ method: 'GET', url: '/v1/wallet-proof/nonce' });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  const verify = (mock: Harness, body: unknown, query = '') =>
    mock.request({ method: 'POST', url: `/v1/wallet-proof/verify${query}`, json: body });

  test('a signed nonce message gives a wallet token that creates and joins sessions', async () => {
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message, nonce: n } = await nonce(mock);
    expect(message).toContain(String(n));
    const signature = await account.signMessage({ message });
    const answer = await verify(mock, { walletAddress: account.address, message, signature }, '?chain=Ethereum');
    expect(answer.status).toBe(200);
    const created = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { ...bearer(answer.body.token), 'x-api-key': apiKey },
      json: {},
    });
    expect(created.status).toBe(200);
    const sessions = await mock.request({ method: 'GET', url: '/__mock/sessions' });
    expect(sessions.body.sessions[0].members[0].wallet).toBe(account.address.toLowerCase());
  });

  test('the wallet token of a proof lives 5 minutes on the virtual clock', async () => {
    const mock = harness();
    const host = await mock.create();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonce(mock);
    const proof = await verify(mock, await signedProof(account, message));
    await mock.advance(300);
    expectRefused(await join(mock, proof.body.token, host.sessionId));
  });

  test('compares walletAddress case-insensitively', async () => {
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonce(mock);
    const signature = await account.signMessage({ message });
    expect((await verify(mock, { walletAddress: account.address.toLowerCase(), message, signature })).status).toBe(200);
  });

  test('a replayed message is a 400', async () => {
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonce(mock);
    const body = await signedProof(account, message);
    expect((await verify(mock, body)).status).toBe(200);
    const replay = await verify(mock, body);
    expect(replay.status).toBe(400);
    expect(replay.body.type).toBe('urn:session-api:problem:invalid-wallet-proof');
  });

  test('an expired message is a 400 (5 minutes on the virtual clock)', async () => {
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonce(mock);
    await mock.advance(300);
    expect((await verify(mock, await signedProof(account, message))).status).toBe(400);
  });

  test('a message the mock never issued is a 400', async () => {
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const message = 'Sign this message to prove you own this wallet.\nNonce: 1';
    expect((await verify(mock, await signedProof(account, message))).status).toBe(400);
  });

  test('a signature by another wallet is a 400, and does not use up the message', async () => {
    const mock = harness();
    const owner = privateKeyToAccount(generatePrivateKey());
    const other = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonce(mock);
    expect(
      (await verify(mock, { walletAddress: owner.address, message, signature: await other.signMessage({ message }) }))
        .status,
    ).toBe(400);
    expect(
      (await verify(mock, { walletAddress: owner.address, message, signature: await owner.signMessage({ message }) }))
        .status,
    ).toBe(200);
  });

  test('an unknown chain is a 400', async () => {
    const mock = harness();
    const account = privateKeyToAccount(generatePrivateKey());
    const { message } = await nonce(mock);
    const answer = await verify(mock, await signedProof(account, message), '?chain=Solana');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/chain/);
  });

  test.for([
    ['a missing signature', { walletAddress: '0x' + '1'.repeat(40), message: 'm' }],
    ['a malformed address', { walletAddress: '0x123', message: 'm', signature: '0x' + 'a'.repeat(130) }],
    ['a short signature', { walletAddress: '0x' + '1'.repeat(40), message: 'm', signature: '0xabc' }],
    [
      'an unknown property',
      { walletAddress: '0x' + '1'.repeat(40), message: 'm', signature: '0x' + 'a'.repeat(130), extra: 1 },
    ],
    ['an empty message', { walletAddress: '0x' + '1'.repeat(40), message: '', signature: '0x' + 'a'.repeat(130) }],
  ] as const)('a body with %s is a 400 (not 422) listing the field', async ([, body]) => {
    const mock = harness();
    const answer = await verify(mock, body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.length).toBeGreaterThan(0);
  });

  test.for([
    ['invalid JSON', 'application/json', '{"walletAddress":'],
    ['text/plain', 'text/plain', '{}'],
    ['no body', 'application/json', ''],
  ] as const)('%s is a 400', async ([, contentType, payload]) => {
    const mock = harness();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/wallet-proof/verify',
      headers: { 'content-type': contentType },
      payload,
    });
    expect(answer.status).toBe(400);
  });

  test('a body over the limit is a 400 here, not a 413', async () => {
    const mock = harness({ config: { bodyLimitBytes: 1024 } });
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/wallet-proof/verify',
      json: { walletAddress: '0x' + '1'.repeat(40), message: 'm'.repeat(2000), signature: '0x' },
    });
    expect(answer.status).toBe(400);
  });

  test('a flood of nonce requests locks no one out: at the maximum, the oldest pending one makes room', async () => {
    const mock = harness({ config: { maxNonces: 3 } });
    const account = privateKeyToAccount(generatePrivateKey());
    const issued = [];
    for (let index = 0; index < 5; index++) issued.push(await nonce(mock));
    const verify = async ({ message }: { message: string }) => {
      const signature = await account.signMessage({ message });
      const json = { walletAddress: account.address, message, signature };
      return (await mock.request({ method: 'POST', url: '/v1/wallet-proof/verify', json })).status;
    };
    expect(await verify(issued[0]!)).toBe(400);
    expect(await verify(issued[1]!)).toBe(400);
    expect(await verify(issued[4]!)).toBe(200);
  });
});

describe('capacity of the mock', () => {
  test('create at the maximum of sessions is a 503 whose Retry-After is when a create succeeds again', async () => {
    const mock = harness({ config: { maxSessions: 2 } });
    await mock.create({ rules: { expiryDurationInSeconds: 900 } });
    await mock.create({ rules: { expiryDurationInSeconds: 600 } });
    const { token } = await mock.walletToken(undefined, 3600);
    const headers = { ...bearer(token), 'x-api-key': apiKey };
    const create = () => mock.request({ method: 'POST', url: '/v1/session', headers, json: {} });
    const answer = await create();
    expect(answer.status).toBe(503);
    // The earliest live session ends in 600 s: the soonest a seat frees without a delete.
    expect(answer.headers['retry-after']).toBe('600');
    await mock.advance(599);
    expect((await create()).status).toBe(503);
    await mock.advance(1);
    expect((await create()).status).toBe(200);
  });

  test('the limit is on live sessions: deleting one makes room at once', async () => {
    const mock = harness({ config: { maxSessions: 2 } });
    const first = await mock.create();
    await mock.create();
    expect((await mock.remove(first.token)).status).toBe(200);
    await mock.create();
    const { token } = await mock.walletToken();
    const full = await mock.request({
      method: 'POST',
      url: '/v1/session',
      headers: { ...bearer(token), 'x-api-key': apiKey },
      json: {},
    });
    expect(full.status).toBe(503);
  });

  test('an expired session makes room at once', async () => {
    const mock = harness({ config: { maxSessions: 1 } });
    await mock.create({ rules: { expiryDurationInSeconds: 60 } });
    await mock.advance(60);
    await mock.create();
  });

  test('sessions no token can reach any more are swept to make room', async () => {
    const mock = harness({ config: { maxSessions: 1 } });
    await mock.create({ rules: { expiryDurationInSeconds: 60 } });
    await mock.advance(60 + 3600);
    await mock.create();
  });
});
