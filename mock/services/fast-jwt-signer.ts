/**
 * The server's signer (jwt-signer.ts): synchronous HS256 on Node's crypto. Tokens
 * are verified by fast-jwt, whose own time checks and cache are off: times are
 * checked against the world's virtual clock by the token issuer, and the issuer's
 * cache holds only signatures, so nothing here outlives a reset or a revocation.
 * They are signed here, by one HMAC over a header encoded once: the claims are the
 * mock's own, and fast-jwt's checks and copies of them were a third of a join's
 * CPU (scripts/bench/README.md); the tokens are byte for byte fast-jwt's
 * (fast-jwt-signer.test.ts).
 */
import { createHmac } from 'node:crypto';
import { createDecoder, createVerifier, TokenError } from 'fast-jwt';
import { isClaimsObject, jwtAlgorithm, type JwsOutcome, type JwsRefusal, type JwtSigner } from './jwt-signer.ts';

export function createFastJwtSigner(secret: Uint8Array): JwtSigner {
  const key = Buffer.from(secret);
  const encodedHeader = Buffer.from(JSON.stringify({ alg: jwtAlgorithm, typ: 'JWT' })).toString('base64url');
  const verify = createVerifier({
    key,
    algorithms: [jwtAlgorithm],
    ignoreExpiration: true,
    ignoreNotBefore: true,
    cache: false,
  });
  const decodeHeader = createDecoder({ complete: true });
  return {
    sign(claims) {
      const input = `${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
    },
    verify(token): JwsOutcome {
      try {
        const payload: unknown = verify(token);
        return isClaimsObject(payload) ? { ok: true, payload } : { ok: false, reason: 'malformed' };
      } catch (error) {
        return { ok: false, reason: refusalOf(error, token) };
      }
    },
  };

  /** fast-jwt's error codes in the words jose would use (jwt-signer.ts: both refuse alike). */
  function refusalOf(error: unknown, token: string): JwsRefusal {
    const code = error instanceof TokenError ? error.code : undefined;
    if (code === TokenError.codes.invalidSignature) return 'signature';
    if (code === TokenError.codes.invalidAlgorithm || code === TokenError.codes.missingSignature) {
      // An unsigned token (`alg: none`) or an HS256 one with its signature cut off; an alg that is no string is
      // no header jose reads at all.
      const alg = headerAlgorithm(token);
      if (typeof alg !== 'string') return 'malformed';
      return alg === jwtAlgorithm ? 'signature' : 'algorithm';
    }
    return 'malformed';
  }

  function headerAlgorithm(token: string): unknown {
    try {
      return (decodeHeader(token) as { header: { alg?: unknown } }).header.alg;
    } catch {
      return undefined;
    }
  }
}
