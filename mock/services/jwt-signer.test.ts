import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createFastJwtSigner } from './fast-jwt-signer.ts';
import { createJoseSigner, type JwtSigner } from './jwt-signer.ts';
import { TokenIssuer, type TokenScope } from './tokens.ts';

const secret = new TextEncoder().encode('s'.repeat(32));
const now = 1_795_000_000;
const scope: TokenScope = { world: 'default', generation: 'g1', now, nowMs: now * 1000 };
const signers: Record<string, () => JwtSigner> = {
  jose: () => createJoseSigner(secret),
  'fast-jwt': () => createFastJwtSigner(secret),
};

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const claims = { kind: 'wallet', ns: 'default', gen: 'g1', iss: 'session-api-mock', sub: '0xabc' };
const times = { iat: now - 10, nbf: now - 10, exp: now + 300 };

/** A token signed with the secret by hand, so each case controls every byte of header and claims. */
function signed(header: unknown, payload: unknown, key: Uint8Array = secret): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}
const hs256 = { alg: 'HS256', typ: 'JWT' };
const good = signed(hs256, { ...claims, ...times });

/** Each forged or odd token and the refusal the mock has always given it (the jose-only mock's words). */
const cases: [string, string, string][] = [
  ['not three parts', 'not.a-jwt', 'The token is malformed.'],
  ['garbage', 'a.b.c', 'The token is malformed.'],
  [
    'alg none, unsigned',
    `${base64url('{"alg":"none","typ":"JWT"}')}.${good.split('.')[1]}.`,
    'The token algorithm is not accepted; only HS256 is.',
  ],
  ['HS512', signed({ alg: 'HS512' }, { ...claims, ...times }), 'The token algorithm is not accepted; only HS256 is.'],
  ['no alg', signed({ typ: 'JWT' }, { ...claims, ...times }), 'The token is malformed.'],
  ['HS256 without signature', `${good.split('.').slice(0, 2).join('.')}.`, 'The token signature is invalid.'],
  [
    'another key',
    signed(hs256, { ...claims, ...times }, new TextEncoder().encode('t'.repeat(32))),
    'The token signature is invalid.',
  ],
  [
    'tampered',
    [good.split('.')[0], base64url(JSON.stringify({ ...claims, ...times, exp: now + 9999 })), good.split('.')[2]].join(
      '.',
    ),
    'The token signature is invalid.',
  ],
  ['payload an array', signed(hs256, [1, 2]), 'The token is malformed.'],
  [
    'payload not JSON',
    (() => {
      const input = `${base64url(JSON.stringify(hs256))}.${base64url('{oops')}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    })(),
    'The token is malformed.',
  ],
  ['no iss', signed(hs256, { ...claims, iss: undefined, ...times }), 'The token claim "iss" is invalid: missing.'],
  ['no exp', signed(hs256, { ...claims, ...times, exp: undefined }), 'The token claim "exp" is invalid: missing.'],
  ['no sub', signed(hs256, { ...claims, sub: undefined, ...times }), 'The token claim "sub" is invalid: missing.'],
  [
    'other issuer',
    signed(hs256, { ...claims, iss: 'elsewhere', ...times }),
    'The token claim "iss" is invalid: check_failed.',
  ],
  ['iat a string', signed(hs256, { ...claims, ...times, iat: 'x' }), 'The token claim "iat" is invalid: invalid.'],
  [
    'not yet valid',
    signed(hs256, { ...claims, ...times, nbf: now + 1 }),
    'The token claim "nbf" is invalid: check_failed.',
  ],
  ['expired', signed(hs256, { ...claims, ...times, exp: now }), 'The token has expired.'],
  [
    'issued in the future',
    signed(hs256, { ...claims, ...times, iat: now + 5 }),
    'The token claim "iat" is invalid: it is in the future.',
  ],
];

describe.each(Object.keys(signers))('tokens signed and checked by %s', (name) => {
  const issuer = () => new TokenIssuer(signers[name]!());

  test.each(cases)(
    'refuses a token with %s, saying so in the words every signer uses',
    async (_label, token, detail) => {
      const outcome = await issuer().verifyWalletToken(token, scope);
      expect(outcome.ok ? 'accepted' : outcome.problem.detail).toBe(detail);
    },
  );

  test('accepts a well-formed token made by hand', async () => {
    expect(await issuer().verifyWalletToken(good, scope)).toEqual({ ok: true, value: { wallet: '0xabc' } });
  });

  test.each(Object.keys(signers))(
    'accepts tokens minted through %s, and the other signer accepts its own',
    async (other) => {
      const minter = new TokenIssuer(signers[other]!());
      const wallet = await minter.mintWalletToken('0xabc', 300, scope);
      const session = await minter.mintSessionToken(
        { sessionId: 's', userId: 'u', membershipId: 'm' },
        now + 60,
        scope,
      );
      expect(await issuer().verifyWalletToken(wallet, scope)).toEqual({ ok: true, value: { wallet: '0xabc' } });
      expect(await issuer().verifySessionToken(session, scope)).toEqual({
        ok: true,
        value: { sessionId: 's', userId: 'u', membershipId: 'm' },
      });
    },
  );
});
