import { createSigner } from 'fast-jwt';
import { expect, test } from 'vitest';
import { createFastJwtSigner } from './fast-jwt-signer.ts';

const secret = new TextEncoder().encode('s'.repeat(32));

test('tokens are signed byte for byte as fast-jwt signs them, and verify', () => {
  const ours = createFastJwtSigner(secret);
  const theirs = createSigner({ key: Buffer.from(secret), algorithm: 'HS256' });
  const claims = {
    kind: 'session',
    sid: 's-1',
    mid: 'm-1',
    ns: 'team-a',
    gen: 'g-1',
    iss: 'session-api-mock',
    sub: 'u-1 \u00e9\u{1f600}',
    iat: 1_795_000_000,
    nbf: 1_795_000_000,
    exp: 1_795_003_600,
    jti: 'j-1',
  };
  const token = ours.sign(claims) as string;
  expect(token).toBe(theirs(claims));
  expect(ours.verify(token)).toEqual({ ok: true, payload: claims });
});
