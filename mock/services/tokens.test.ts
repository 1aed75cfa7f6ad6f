import { describe, expect, test } from 'vitest';
import { createFastJwtSigner } from './fast-jwt-signer.ts';
import { TokenIssuer, type TokenScope } from './tokens.ts';

const secret = () => new TextEncoder().encode('x'.repeat(32));
/** The server's issuer (mock/http/app.ts); jwt-signer.test.ts shows jose's refuses and accepts alike. */
const newIssuer = (key: Uint8Array) => new TokenIssuer(createFastJwtSigner(key));
const claims = { sessionId: 's1', userId: 'u1', membershipId: 'm1' };

type Scope = { -readonly [K in keyof TokenScope]: TokenScope[K] };

/** An issuer whose calls all act in `scope`, a world whose time and generation the test moves. */
function scoped(issuer: TokenIssuer, scope: Scope) {
  return {
    mintWalletToken: (wallet: string, ttl: number) => issuer.mintWalletToken(wallet, ttl, scope),
    mintSessionToken: (session: typeof claims, expiresAt: number) => issuer.mintSessionToken(session, expiresAt, scope),
    verifyWalletToken: (token: string) => issuer.verifyWalletToken(token, scope),
    verifySessionToken: (token: string) => issuer.verifySessionToken(token, scope),
    renewGeneration: () => void (scope.generation = crypto.randomUUID()),
  };
}

function issuer(realMs = 1_795_000_000_000) {
  const scope: Scope = { world: 'default', generation: 'g1', now: Math.floor(realMs / 1000), nowMs: realMs };
  const clock = {
    advance: (seconds: number) => {
      scope.now += seconds;
      scope.nowMs += seconds * 1000;
    },
    reset: () => {
      scope.now = Math.floor(realMs / 1000);
      scope.nowMs = realMs;
    },
  };
  return { clock, scope, tokens: scoped(newIssuer(secret()), scope) };
}

describe('TokenIssuer', () => {
  test('a wallet token verifies as a wallet token with its wallet, and not as a session token', async () => {
    const { tokens } = issuer();
    const token = await tokens.mintWalletToken('0xabc', 300);
    expect(await tokens.verifyWalletToken(token)).toEqual({ ok: true, value: { wallet: '0xabc' } });
    expect((await tokens.verifySessionToken(token)).ok).toBe(false);
  });

  test('a session token verifies with its claims, and not as a wallet token', async () => {
    const { tokens } = issuer();
    const token = await tokens.mintSessionToken(claims, 1_795_000_100);
    expect(await tokens.verifySessionToken(token)).toEqual({ ok: true, value: claims });
    expect((await tokens.verifyWalletToken(token)).ok).toBe(false);
  });

  test('a token verified once is refused once the clock passes its expiry (the cache re-checks times)', async () => {
    const { tokens, clock } = issuer();
    const token = await tokens.mintWalletToken('0xabc', 300);
    expect((await tokens.verifyWalletToken(token)).ok).toBe(true);
    clock.advance(299);
    expect((await tokens.verifyWalletToken(token)).ok).toBe(true);
    clock.advance(1);
    const refused = await tokens.verifyWalletToken(token);
    expect(refused.ok ? undefined : refused.problem).toMatchObject({
      code: 'invalid-token',
      detail: expect.stringMatching(/expired/),
    });
  });

  test('a cached token stays of its kind', async () => {
    const { tokens } = issuer();
    const token = await tokens.mintSessionToken(claims, 1_795_000_100);
    await tokens.verifySessionToken(token);
    expect((await tokens.verifyWalletToken(token)).ok).toBe(false);
  });

  test('the signature of a cached token under another payload is refused', async () => {
    const { tokens } = issuer();
    const token = await tokens.mintWalletToken('0xabc', 300);
    expect((await tokens.verifyWalletToken(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.');
    const claimed = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claimed, sub: '0xdef' })).toString('base64url');
    const refused = await tokens.verifyWalletToken(`${header}.${forged}.${signature}`);
    expect(refused.ok ? undefined : refused.problem).toMatchObject({ detail: 'The token signature is invalid.' });
  });

  test('a token of another issuer instance (another secret) is refused', async () => {
    const { tokens, scope } = issuer();
    const other = scoped(newIssuer(new TextEncoder().encode('y'.repeat(32))), scope);
    expect((await tokens.verifyWalletToken(await other.mintWalletToken('0xabc', 300))).ok).toBe(false);
  });

  test('two tokens minted in the same second differ', async () => {
    const { tokens } = issuer();
    expect(await tokens.mintWalletToken('0xabc', 300)).not.toBe(await tokens.mintWalletToken('0xabc', 300));
  });

  test('a token minted ahead of the real clock is not yet valid once the clock is reset', async () => {
    const { tokens, clock } = issuer();
    clock.advance(3600);
    const token = await tokens.mintWalletToken('0xabc', 7200);
    expect((await tokens.verifyWalletToken(token)).ok).toBe(true);
    clock.reset();
    expect((await tokens.verifyWalletToken(token)).ok).toBe(false);
  });

  test('a token minted before a new generation (a reset) is refused, saying why; a newer one is accepted', async () => {
    const { tokens } = issuer();
    const before = await tokens.mintSessionToken(claims, 1_795_000_100);
    expect((await tokens.verifySessionToken(before)).ok).toBe(true);
    tokens.renewGeneration();
    const refused = await tokens.verifySessionToken(before);
    const problem = refused.ok ? undefined : refused.problem;
    expect(problem).toMatchObject({ code: 'invalid-token', detail: expect.stringMatching(/reset or restarted/) });
    expect((await tokens.verifySessionToken(await tokens.mintSessionToken(claims, 1_795_000_100))).ok).toBe(true);
  });

  test('a token of an earlier process with the same secret (a restart: a new generation) is refused', async () => {
    const { tokens, scope } = issuer();
    const restarted = scoped(newIssuer(secret()), { ...scope, generation: crypto.randomUUID() });
    expect((await restarted.verifyWalletToken(await tokens.mintWalletToken('0xabc', 300))).ok).toBe(false);
  });

  test('a token minted in one world is refused in another, saying which it belongs to', async () => {
    const { tokens, scope } = issuer();
    const elsewhere = scoped(newIssuer(secret()), { ...scope, world: 'checkout-test' });
    const refused = await elsewhere.verifyWalletToken(await tokens.mintWalletToken('0xabc', 300));
    expect(refused.ok ? undefined : refused.problem.detail).toMatch(/minted in namespace "default"/);
  });
});
