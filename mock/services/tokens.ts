/**
 * Wallet and session tokens: HS256 JWTs. Each carries its kind, so one can never
 * stand in for the other; only HS256 is accepted (`alg: none` and every other
 * algorithm are refused); exp, nbf and iat are checked against the world's
 * virtual clock, here, whichever signer (jwt-signer.ts) made the signature. Each
 * also carries the name of the world it was minted in (`ns`) and that world's
 * generation (`gen`), new for every world and at every reset: a token of another
 * world or an earlier generation is refused, so a token can never reach a session
 * that only repeats the ids of the one it was minted for (docs/reliability.md,
 * "Token generations").
 */
import { failure, success, type Outcome, type SessionTokenClaims } from '../domain/index.ts';
import type { JwsRefusal, JwtSigner } from './jwt-signer.ts';

export type TokenKind = 'wallet' | 'session';
const issuer = 'session-api-mock';

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
 * Only signatures are cached: times, world, generation and kind are checked on
 * every request, and revocations live in the session records.
 */
const verifiedCacheSize = 10_000;

const refusals: Record<JwsRefusal, string> = {
  malformed: 'The token is malformed.',
  algorithm: 'The token algorithm is not accepted; only HS256 is.',
  signature: 'The token signature is invalid.',
};

export class TokenIssuer {
  private readonly signer: JwtSigner;
  /**
   * Keyed by signature: the whole token, a fresh string on every request, cost more to hash than the rest of the
   * look-up. An entry counts only for the very token it was verified for.
   */
  private readonly verified = new Map<string, { token: string; payload: Record<string, unknown> }>();

  constructor(signer: JwtSigner) {
    this.signer = signer;
  }

  mintWalletToken(wallet: string, ttlSeconds: number, scope: TokenScope): Promise<string> {
    return this.mint('wallet', undefined, wallet, scope.now + ttlSeconds, scope);
  }

  mintSessionToken(claims: SessionTokenClaims, expiresAt: number, scope: TokenScope): Promise<string> {
    return this.mint('session', claims, claims.userId, expiresAt, scope);
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
    kind: TokenKind,
    session: SessionTokenClaims | undefined,
    subject: string,
    expiresAt: number,
    scope: TokenScope,
  ): Promise<string> {
    const now = scope.now;
    // One object shape for every token (a wallet token's sid and mid are left out of its JSON as undefined):
    // claims spread from objects of two shapes cost a join more than its HMAC (scripts/bench/README.md).
    return this.signer.sign({
      kind,
      sid: session?.sessionId,
      mid: session?.membershipId,
      ns: scope.world,
      gen: scope.generation,
      iss: issuer,
      sub: subject,
      iat: now,
      nbf: now,
      exp: expiresAt,
      // A unique id makes every token fresh, even two minted in the same second.
      jti: crypto.randomUUID(),
    });
  }

  private async verify(token: string, kind: TokenKind, scope: TokenScope): Promise<Outcome<Record<string, unknown>>> {
    const key = token.slice(token.lastIndexOf('.') + 1);
    const cached = this.verified.get(key);
    if (cached?.token === token) {
      // The signature of this exact string was checked before; its times may have run out since.
      const { payload } = cached;
      const now = scope.now;
      if (now < (payload.exp as number) && now >= (payload.nbf as number)) return this.admit(payload, kind, scope);
      this.verified.delete(key);
    }
    const signed = await this.signer.verify(token);
    if (!signed.ok) return refused(refusals[signed.reason]);
    const payload = signed.payload;
    const problem = claimsProblem(payload, scope.now);
    if (problem !== undefined) return refused(problem);
    if (this.verified.size >= verifiedCacheSize) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(key, { token, payload });
    return this.admit(payload, kind, scope);
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

/**
 * Why the claims of a well-signed token are refused at `now` (Unix seconds), in
 * the order and words the mock has always used: required claims, issuer, then
 * iat, nbf and exp, and an iat in the future last.
 */
function claimsProblem(payload: Record<string, unknown>, now: number): string | undefined {
  for (const claim of ['iss', 'nbf', 'iat', 'exp', 'sub']) {
    if (!(claim in payload)) return claimInvalid(claim, 'missing');
  }
  if (payload.iss !== issuer) return claimInvalid('iss', 'check_failed');
  if (typeof payload.iat !== 'number') return claimInvalid('iat', 'invalid');
  if (typeof payload.nbf !== 'number') return claimInvalid('nbf', 'invalid');
  if (payload.nbf > now) return claimInvalid('nbf', 'check_failed');
  if (typeof payload.exp !== 'number') return claimInvalid('exp', 'invalid');
  if (payload.exp <= now) return 'The token has expired.';
  if (payload.iat > now) return claimInvalid('iat', 'it is in the future');
  return undefined;
}

function claimInvalid(claim: string, reason: string): string {
  return `The token claim "${claim}" is invalid: ${reason}.`;
}

function refused(detail: string): Outcome<never> {
  return failure('invalid-token', detail, { challenge: { scheme: 'bearer', tokenRefused: true } });
}
