/**
 * The compact HS256 form of a token: signing, and checking the header and the
 * signature. Two implementations agree on every token and every refusal
 * (jwt-signer.test.ts): jose's over WebCrypto, which runs anywhere (the browser
 * build of mock/msw), and fast-jwt's (fast-jwt-signer.ts), synchronous on Node,
 * which the server uses: WebCrypto's HMAC runs on libuv's thread pool, and the
 * hop there and back cost most of a join. Claims and times are checked by the
 * token issuer (tokens.ts), the same way whichever signer is underneath.
 */
import { compactVerify, errors, SignJWT } from 'jose';

/** Why a token's compact form is refused, before any claim is read. */
export type JwsRefusal = 'malformed' | 'algorithm' | 'signature';

export type JwsOutcome =
  | { readonly ok: true; readonly payload: Record<string, unknown> }
  | { readonly ok: false; readonly reason: JwsRefusal };

export interface JwtSigner {
  /** The token for these claims, with the header `{"alg":"HS256","typ":"JWT"}`. */
  sign(claims: Record<string, unknown>): string | Promise<string>;
  /** The claims of a token whose header names HS256 and whose signature is right; why not otherwise. */
  verify(token: string): JwsOutcome | Promise<JwsOutcome>;
}

export const jwtAlgorithm = 'HS256';
const decoder = new TextDecoder();

/** jose over WebCrypto: no Node built-in, asynchronous. */
export function createJoseSigner(secret: Uint8Array<ArrayBuffer>): JwtSigner {
  // Imported once, as jose would on every call.
  const key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  return {
    async sign(claims) {
      return new SignJWT(claims).setProtectedHeader({ alg: jwtAlgorithm, typ: 'JWT' }).sign(await key);
    },
    async verify(token) {
      let payload: unknown;
      try {
        const verified = await compactVerify(token, await key, { algorithms: [jwtAlgorithm] });
        payload = JSON.parse(decoder.decode(verified.payload));
      } catch (error) {
        if (error instanceof errors.JOSEAlgNotAllowed) return { ok: false, reason: 'algorithm' };
        if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
        return { ok: false, reason: 'malformed' };
      }
      return isClaimsObject(payload) ? { ok: true, payload } : { ok: false, reason: 'malformed' };
    },
  };
}

/** A JWT's claims set is a JSON object (RFC 7519 §7.2). */
export function isClaimsObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
