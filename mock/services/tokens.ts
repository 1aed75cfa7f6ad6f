/**
 * Wallet and session tokens: HS256 JWTs made and checked with jose. Each carries
 * its kind, so one can never stand in for the other; only HS256 is accepted
 * (`alg: none` and every other algorithm are refused); exp, nbf and iat are
 * checked against the world's virtual clock. Each also carries the name of the
 * world it was minted in (`ns`) and that world's generation (`gen`), new for
 * every world and at every reset: a token of another world or an earlier
 * generation is refused, so a token can never reach a session that only repeats
 * the ids of the one it was minted for (docs/reliability.md, "Token generations").
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { failure, success, type Outcome, type SessionTokenClaims } from '../domain/index.ts';

export type TokenKind = 'wallet' | 'session';
const issuer = 'session-api-mock';
const algorithm = 'HS256';

/** Where and when a token is minted or checked: read once per request. */
export interface TokenScope {
  /** The world's name. */
  readonly world: string;
  readonly generation: string;
  /** The world's virtual time, Unix seconds. */
  readonly now: number;
  readonly nowMs: number;
}

export interface WalletClaims {
  /** Lower-case wallet address. */
  readonly wallet: string;
}

/**
 * Tokens whose signature already verified, so a client polling with one token
 * costs one HMAC, not one per request. Bounded; the oldest entry goes first.
 */
const verifiedCacheSize = 10_000;

export class TokenIssuer {
  private readonly key: Promise<CryptoKey>;
  private readonly verified = new Map<string, Record<string, unknown>>();

  /** One secret per process (`--token-secret`, or random bytes): imported once, as jose would on every call. */
  constructor(secret: Uint8Array<ArrayBuffer>) {
    this.key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  mintWalletToken(wallet: string, ttlSeconds: number, scope: TokenScope): Promise<string> {
    return this.mint({ kind: 'wallet' }, wallet, scope.now + ttlSeconds, scope);
  }

  mintSessionToken(claims: SessionTokenClaims, expiresAt: number, scope: TokenScope): Promise<string> {
    const kind = { kind: 'session', sid: claims.sessionId, mid: claims.membershipId };
    return this.mint(kind, claims.userId, expiresAt, scope);
  }

  async verifyWalletToken(token: string, scope: TokenScope): Promise<Outcome<WalletClaims>> {
    const payload = await this.verify(token, 'wallet', scope);
    if (!payload.ok) return payload;
    return success({ wallet: payload.value.sub as string });
  }

  async verifySessionToken(token: string, scope: TokenScope): Promise<Outcome<SessionTokenClaims>> {
    const payload = await this.verify(token, 'session', scope);
    if (!payload.ok) return payload;
    const { sub, sid, mid } = payload.value;
    if (typeof sid !== 'string' || typeof mid !== 'string') return refused('The token lacks its session claims.');
    return success({ userId: sub as string, sessionId: sid, membershipId: mid });
  }

  private async mint(
    claims: Record<string, string>,
    subject: string,
    expiresAt: number,
    scope: TokenScope,
  ): Promise<string> {
    const now = scope.now;
    return (
      new SignJWT({ ...claims, ns: scope.world, gen: scope.generation })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject(subject)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(expiresAt)
        // A unique id makes every token fresh, even two minted in the same second.
        .setJti(crypto.randomUUID())
        .sign(await this.key)
    );
  }

  private async verify(token: string, kind: TokenKind, scope: TokenScope): Promise<Outcome<Record<string, unknown>>> {
    const cached = this.verified.get(token);
    if (cached) {
      // The signature of this exact string was checked before; its times may have run out since.
      const now = scope.now;
      if (now < (cached.exp as number) && now >= (cached.nbf as number)) return this.admit(cached, kind, scope);
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [algorithm],
        issuer,
        currentDate: new Date(scope.nowMs),
        requiredClaims: ['sub', 'exp', 'iat', 'nbf'],
      });
      // jose compares iat with the clock only given a maxTokenAge: a token issued
      // in the future was not issued by this clock.
      if ((payload.iat as number) > scope.now) return refused('The token claim "iat" is invalid: it is in the future.');
      if (this.verified.size >= verifiedCacheSize) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, payload);
      return this.admit(payload, kind, scope);
    } catch (error) {
      return refused(describeRefusal(error));
    }
  }

  /** The one place a well-signed, timely token is admitted: of this world, generation and kind. */
  private admit(
    payload: Record<string, unknown>,
    kind: TokenKind,
    scope: TokenScope,
  ): Outcome<Record<string, unknown>> {
    if (payload.ns !== scope.world) {
      const named = typeof payload.ns === 'string' ? `namespace "${payload.ns}"` : 'no namespace';
      return refused(
        `The token was minted in ${named}, not in "${scope.world}"; ` +
          'send it with the X-Mock-Namespace header of the namespace it was minted in.',
      );
    }
    if (payload.gen !== scope.generation) {
      return refused('The token was minted before the mock was last reset or restarted; get a new one.');
    }
    if (payload.kind === kind) return success(payload);
    const other =
      payload.kind === 'session'
        ? 'a session token'
        : payload.kind === 'wallet'
          ? 'a wallet token'
          : 'not a token of this API';
    return refused(`This is ${other}; a ${kind} token is required here.`);
  }
}

function refused(detail: string): Outcome<never> {
  return failure('invalid-token', detail, { challenge: { scheme: 'bearer', tokenRefused: true } });
}

function describeRefusal(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token algorithm is not accepted; only HS256 is.';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The token claim "${error.claim}" is invalid: ${error.reason}.`;
  return 'The token is malformed.';
}
