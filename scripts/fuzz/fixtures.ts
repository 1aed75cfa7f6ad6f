/**
 * Real credentials and data in the running mock for the fuzzer to mix with bad
 * ones: wallet tokens (control plane), sessions with hosts and guests, signed
 * wallet proofs (viem), and tokens forged with the mock's own secret (expired,
 * not yet valid, wrong kind, alg none, ...), which only a known --token-secret allows.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'undici';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { claimsOf, forge, signToken, tamper, type SignOptions } from '../../contracts/suite/forged-tokens.ts';
import type { AuthKind } from './cases.ts';
import { expectJson } from './http.ts';

export interface Proof {
  walletAddress: string;
  message: string;
  signature: string;
}

export interface Fixtures {
  walletTokens: string[];
  hostTokens: string[];
  guestTokens: string[];
  sessionIds: string[];
  userIds: string[];
  proofs: Proof[];
  forged: Partial<Record<AuthKind, string>>;
}

/** Tokens no mock may accept, signed (where they are signed) with its own secret; `now` in Unix seconds. */
export async function forgeTokens(
  secret: Uint8Array,
  now: number,
  generation: unknown,
): Promise<Partial<Record<AuthKind, string>>> {
  const issuer = 'session-api-mock';
  const wallet = privateKeyToAccount(generatePrivateKey()).address.toLowerCase();
  const defaults: SignOptions = { issuer, subject: wallet, issuedAt: now, notBefore: now, expiresAt: now + 3600 };
  const sign = (claims: Record<string, unknown>, options: Partial<SignOptions> & { key?: Uint8Array } = {}) =>
    // The default world's name and current generation, so that each forgery is refused for its own flaw.
    signToken(
      options.key ?? secret,
      { ns: 'default', gen: generation, ...claims },
      { ...defaults, jti: randomUUID(), ...options },
    );
  const good = await sign({ kind: 'wallet' });
  return {
    expired: await sign({ kind: 'wallet' }, { issuedAt: now - 7200, notBefore: now - 7200, expiresAt: now - 3600 }),
    'not-yet-valid': await sign({ kind: 'wallet' }, { notBefore: now + 3600, expiresAt: now + 7200 }),
    'issued-in-future': await sign({ kind: 'wallet' }, { issuedAt: now + 3600, expiresAt: now + 7200 }),
    'alg-none': forge('alg-none', good),
    'alg-hs512': await sign({ kind: 'wallet' }, { alg: 'HS512' }),
    'other-secret': await sign({ kind: 'wallet' }, { key: new Uint8Array(32).fill(7) }),
    'no-kind': await sign({}),
    'unknown-kind': await sign({ kind: 'admin' }),
    'wrong-issuer': await sign({ kind: 'wallet' }, { issuer: 'someone-else' }),
    'no-exp': await sign({ kind: 'wallet' }, { expiresAt: undefined }),
    'tampered-payload': tamper(good, { sub: '0x' + 'a'.repeat(40) }),
    'tampered-signature': forge('badly-signed', good),
    truncated: good.slice(0, good.length - 10),
    'unknown-session': await sign(
      { kind: 'session', sid: randomUUID(), mid: randomUUID() },
      { subject: randomUUID(), jti: undefined, expiresAt: now + 7200 },
    ),
  };
}

export async function setUpFixtures(
  pool: Pool,
  options: { apiKey: string; tokenSecret: string; sessions: number; proofs: number },
): Promise<Fixtures> {
  const mint = async () =>
    (await expectJson<{ token: string }>(pool, 'POST', '/__mock/wallet-token', 200, { json: { ttlSeconds: 86_400 } }))
      .token;
  const fixtures: Fixtures = {
    walletTokens: [],
    hostTokens: [],
    guestTokens: [],
    sessionIds: [],
    userIds: [],
    proofs: [],
    forged: {},
  };
  for (let index = 0; index < options.sessions * 2; index++) fixtures.walletTokens.push(await mint());

  for (let index = 0; index < options.sessions; index++) {
    // Small capacities, a password and a whitelist, so joins reach 409, 401 and 403.
    const rules = [
      { userCapacity: 2 },
      { userCapacity: 3, password: 'fuzz-password' },
      { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [] },
      {},
    ][index % 4];
    const created = await expectJson<{ sessionId: string; credentials: { token: string; id: string } }>(
      pool,
      'POST',
      '/v1/session',
      200,
      {
        headers: { authorization: `Bearer ${fixtures.walletTokens[index]}`, 'x-api-key': options.apiKey },
        json: { rules },
      },
    );
    fixtures.sessionIds.push(created.sessionId);
    fixtures.hostTokens.push(created.credentials.token);
    fixtures.userIds.push(created.credentials.id);
    const guestWallet = fixtures.walletTokens[options.sessions + index]!;
    const joined = await call(pool, created.sessionId, guestWallet, rules?.password);
    if (joined) {
      fixtures.guestTokens.push(joined.token);
      fixtures.userIds.push(joined.id);
    }
  }

  for (let index = 0; index < options.proofs; index++) {
    const nonce = await expectJson<{ message: string }>(pool, 'GET', '/v1/wallet-proof/nonce', 200);
    const account = privateKeyToAccount(generatePrivateKey());
    fixtures.proofs.push({
      walletAddress: account.address,
      message: nonce.message,
      signature: await account.signMessage({ message: nonce.message }),
    });
  }
  const generation = claimsOf(fixtures.walletTokens[0]!).gen;
  const secret = new TextEncoder().encode(options.tokenSecret);
  fixtures.forged = await forgeTokens(secret, Math.floor(Date.now() / 1000), generation);
  return fixtures;
}

async function call(
  pool: Pool,
  sessionId: string,
  walletToken: string,
  password: string | undefined,
): Promise<{ token: string; id: string } | undefined> {
  const response = await pool.request({
    method: 'POST',
    path: '/v1/session/join',
    headers: { authorization: `Bearer ${walletToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId, ...(password ? { password } : {}) }),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) return undefined;
  const body = JSON.parse(text) as { credentials: { token: string; id: string } };
  return body.credentials;
}
