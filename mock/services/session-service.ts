/**
 * The Session API's operations, between the core's pipeline and the pure domain:
 * credentials, tokens, password hashes and the stores of one world. Every
 * expected failure comes back as an Outcome with a problem code. One service acts
 * for one request: on its world, at the time read once when the request came in.
 */
import type { SessionApiComponents } from '../../spec/index.ts';
import {
  credentialsView,
  disconnect,
  displayNameProblem,
  failure,
  isCollectable,
  isLive,
  join,
  joinView,
  kick,
  needsPassword,
  openSession,
  remove,
  resolveRules,
  sessionView,
  success,
  tokenGraceSeconds,
  view,
  admitToken,
  type Member,
  type Outcome,
  type SessionRecord,
  type SessionTokenClaims,
} from '../domain/index.ts';
import type { World, WorldEvent } from '../world/world.ts';
import { clockNow, clockNowMs } from './clock.ts';
import type { TokenIssuer, TokenScope, WalletClaims } from './tokens.ts';
import { issueNonce, recoverSigner, type IssuedNonce } from './wallet-proof.ts';

type Schemas = SessionApiComponents['schemas'];

/** Password hashing: scrypt in Node (mock/services/passwords.ts); another where scrypt is missing. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

/** What every world's service shares: the process's token secret, hashing, keys and limits. */
export interface SessionServiceParts {
  readonly tokens: TokenIssuer;
  readonly passwords: PasswordHasher;
  readonly isAcceptedApiKey: (presented: string | undefined) => boolean;
  readonly walletTokenTtlSeconds: number;
  readonly maxSessions: number;
  readonly maxNonces: number;
  readonly nonceTtlSeconds: number;
}

/** A stored change other members should hear of (mock/hub pushes these), as the world publishes it. */
export type SessionChange = WorldEvent;

/** The world's name, generation and virtual time, read once for a request. */
export async function readScope(world: World, realNowMs: number): Promise<TokenScope> {
  // Two awaits, not Promise.all: this runs on every request, and an array of promises costs more than the wait.
  const clock = await world.clock.read();
  const meta = await world.meta();
  return {
    world: world.name,
    generation: meta.generation,
    now: clockNow(clock, realNowMs),
    nowMs: clockNowMs(clock, realNowMs),
  };
}

/** A caller whose session token stands; `claims` name its session and membership. */
export interface AuthenticatedMember {
  readonly claims: SessionTokenClaims;
}

/** Session ids drawn before giving up: each is taken only where a seeded sequence repeats. */
const maxIdDraws = 1000;

export class SessionService {
  constructor(
    private readonly parts: SessionServiceParts,
    readonly world: World,
    readonly scope: TokenScope,
  ) {}

  checkApiKey(presented: string | undefined): Outcome<void> {
    if (this.parts.isAcceptedApiKey(presented)) return success(undefined);
    return failure(
      'invalid-api-key',
      presented === undefined ? 'The X-API-KEY header is missing.' : 'The X-API-KEY header names no known key.',
      {
        challenge: { scheme: 'api-key' },
      },
    );
  }

  async authenticateWallet(authorization: string | undefined): Promise<Outcome<WalletClaims>> {
    const token = bearerToken(authorization);
    if (!token.ok) return token;
    return this.parts.tokens.verifyWalletToken(token.value, this.scope);
  }

  async authenticateMember(authorization: string | undefined): Promise<Outcome<AuthenticatedMember>> {
    const token = bearerToken(authorization);
    if (!token.ok) return token;
    const claims = await this.parts.tokens.verifySessionToken(token.value, this.scope);
    if (!claims.ok) return claims;
    const admitted = admitToken(await this.world.sessions.get(claims.value.sessionId), claims.value);
    return admitted.ok ? success({ claims: claims.value }) : admitted;
  }

  async issueNonce(): Promise<Outcome<IssuedNonce>> {
    const { maxNonces, nonceTtlSeconds } = this.parts;
    const issued = await issueNonce(this.world, this.scope.now + nonceTtlSeconds, maxNonces);
    await this.tell({ kind: 'nonces-changed' });
    return success(issued);
  }

  async verifyWalletProof(request: Schemas['VerifyWalletRequest']): Promise<Outcome<Schemas['WalletToken']>> {
    const signer = await recoverSigner(request.message, request.signature as `0x${string}`);
    const wallet = request.walletAddress.toLowerCase();
    if (signer !== wallet) {
      return failure(
        'invalid-wallet-proof',
        'The signature is not an EIP-191 signature of the message by walletAddress.',
      );
    }
    const consumed = await this.world.nonces.consume(request.message, this.scope.now);
    if (consumed) await this.tell({ kind: 'nonces-changed' });
    if (!consumed) {
      return failure(
        'invalid-wallet-proof',
        'The message is unknown, has expired or was already used; get a new one from GET /wallet-proof/nonce.',
      );
    }
    return success({
      token: await this.parts.tokens.mintWalletToken(wallet, this.parts.walletTokenTtlSeconds, this.scope),
    });
  }

  async mintWalletToken(
    address: string | undefined,
    ttlSeconds: number,
  ): Promise<{ token: string; address: string; expiresIn: number }> {
    const wallet = (address ?? this.world.random.address()).toLowerCase();
    return {
      token: await this.parts.tokens.mintWalletToken(wallet, ttlSeconds, this.scope),
      address: wallet,
      expiresIn: ttlSeconds,
    };
  }

  async create(
    caller: WalletClaims,
    request: Schemas['CreateSessionRequest'],
  ): Promise<Outcome<Schemas['CreateSessionResponse']>> {
    const { sessions: store, random } = this.world;
    const name = request.identity?.name;
    const nameProblem = typeof name === 'string' ? displayNameProblem(name) : undefined;
    if (nameProblem !== undefined) {
      const errors = [{ pointer: '/identity/name', message: nameProblem }];
      return failure('validation-failed', `identity.name ${nameProblem}.`, { errors });
    }
    const rules = resolveRules(request);
    const now = this.scope.now;
    let record = openSession({
      id: random.uuid(),
      rules,
      passwordHash: rules.password === null ? null : await this.parts.passwords.hash(rules.password),
      creator: {
        userId: random.uuid(),
        wallet: caller.wallet,
        name: request.identity?.name ?? random.pseudonym(),
        address: request.identity?.chainAddress ?? caller.wallet,
        membershipId: random.uuid(),
      },
      now,
    });
    if ((await store.count()) >= this.parts.maxSessions) await this.sweep();
    // The limit is on live sessions (the spec's 503, and "delete some" below, say
    // so). Records of deleted or expired sessions are kept only so that revoked
    // tokens stay 401; under pressure they go, and such tokens then get 404.
    if ((await store.count()) >= this.parts.maxSessions) await store.sweep((stored) => !isLive(stored, now));
    // With --seed, a reset or restart draws the same ids again, a restored snapshot may already hold one of
    // them, and replicas started with one seed draw the same ones: the store refuses an id it holds, atomically.
    let inserted = await store.insert(record, this.parts.maxSessions);
    for (let draws = 1; inserted === 'taken' && draws < maxIdDraws; draws++) {
      record = { ...record, id: random.uuid() };
      inserted = await store.insert(record, this.parts.maxSessions);
    }
    if (inserted === 'taken') throw new Error(`${maxIdDraws} session ids drawn in a row were all taken.`);
    if (inserted === 'full') {
      const wait = await this.secondsUntilASeatFrees(now);
      return failure(
        'server-at-capacity',
        `The mock holds its maximum of ${this.parts.maxSessions} live sessions; delete some, ` +
          `or try again in ${wait} seconds, when the first of them expires.`,
        { retryAfterSeconds: wait },
      );
    }
    await this.tell({ kind: 'session-created', sessionId: record.id });
    const host = record.members[0]!;
    return success(credentialsView(record, host, await this.sessionToken(record, host), now));
  }

  async join(
    caller: WalletClaims,
    request: Schemas['JoinSessionRequest'],
  ): Promise<Outcome<Schemas['JoinSessionResponse']>> {
    const { sessions: store, random } = this.world;
    const before = await store.get(request.sessionId);
    // The password is checked before the atomic change because scrypt is slow; the
    // hash never changes in a session's life, so the answer stays true inside it.
    const passwordAccepted =
      before !== undefined &&
      needsPassword(before, caller.wallet) &&
      typeof request.password === 'string' &&
      (await this.parts.passwords.verify(request.password, before.passwordHash!));
    const now = this.scope.now;
    let unchanged = false;
    const joined = await store.update(request.sessionId, (current) => {
      const outcome = join(current, {
        wallet: caller.wallet,
        passwordAccepted,
        newcomer: () => ({ userId: random.uuid(), name: random.pseudonym() }),
        newMembershipId: () => random.uuid(),
        now,
      });
      // A member joining again while active changes nothing: no one hears of it.
      unchanged = outcome.ok && outcome.value.record === current;
      return outcome;
    });
    if (!joined.ok) return joined;
    const { record, value: member } = joined.value;
    if (!unchanged) await this.tell({ kind: 'member-added', sessionId: record.id, member });
    return success(joinView(record, member, await this.sessionToken(record, member), now));
  }

  async current(caller: AuthenticatedMember): Promise<Outcome<Schemas['Session']>> {
    const record = view(await this.world.sessions.get(caller.claims.sessionId), caller.claims, this.scope.now);
    return record.ok ? success(sessionView(record.value)) : record;
  }

  async kick(caller: AuthenticatedMember, request: Schemas['KickRequest']): Promise<Outcome<void>> {
    const now = this.scope.now;
    const kicked = await this.world.sessions.update(caller.claims.sessionId, (current) =>
      kick(current, caller.claims, request.userId, now),
    );
    if (kicked.ok)
      await this.tell({ kind: 'member-removed', sessionId: caller.claims.sessionId, member: kicked.value.value });
    return done(kicked);
  }

  async disconnect(caller: AuthenticatedMember): Promise<Outcome<void>> {
    const now = this.scope.now;
    const left = await this.world.sessions.update(caller.claims.sessionId, (current) =>
      disconnect(current, caller.claims, now),
    );
    if (left.ok)
      await this.tell({ kind: 'member-removed', sessionId: caller.claims.sessionId, member: left.value.value });
    return done(left);
  }

  async remove(caller: AuthenticatedMember): Promise<Outcome<void>> {
    const now = this.scope.now;
    const removed = await this.world.sessions.update(caller.claims.sessionId, (current) =>
      remove(current, caller.claims, now),
    );
    if (removed.ok) await this.tell({ kind: 'session-deleted', sessionId: caller.claims.sessionId });
    return done(removed);
  }

  /**
   * Retry-After of a create refused at capacity: the seconds until the earliest
   * live session expires, the soonest a create succeeds unless someone deletes
   * one (docs/reliability.md, "Limits and their answers").
   */
  private async secondsUntilASeatFrees(now: number): Promise<number> {
    let earliest = Number.POSITIVE_INFINITY;
    for (const record of await this.world.sessions.list()) {
      if (isLive(record, now)) earliest = Math.min(earliest, record.expiry);
    }
    return Number.isFinite(earliest) ? Math.max(1, earliest - now) : 1;
  }

  /**
   * A session token for a current (active) member of a live session, as its join
   * gave it: a power of the control plane (POST /__mock/sessions/{sessionId}/members/{userId}/token),
   * which lets the dashboard act as any member through the real API.
   */
  async memberToken(sessionId: string, userId: string): Promise<Outcome<{ token: string; role: Member['role'] }>> {
    const record = await this.world.sessions.get(sessionId);
    if (record === undefined || !isLive(record, this.scope.now))
      return failure('session-not-found', `No live session has the id ${sessionId}; GET /__mock/sessions lists them.`);
    const member = record.members.find((candidate) => candidate.userId === userId);
    if (member === undefined || member.state !== 'active') {
      const why =
        member === undefined ? 'is no member of it' : `has ${member.state === 'kicked' ? 'been kicked' : 'left'}`;
      return failure(
        'member-not-found',
        `The user ${userId} ${why}; only a current member of session ${sessionId} gets a token.`,
      );
    }
    return success({ token: await this.sessionToken(record, member), role: member.role });
  }

  /** Sessions neither deleted nor expired, with all their members. */
  async liveSessions(): Promise<SessionRecord[]> {
    const now = this.scope.now;
    return (await this.world.sessions.list()).filter((record) => isLive(record, now));
  }

  /** Forgets sessions no token can reach any more, and expired nonces. */
  async sweep(): Promise<void> {
    const now = this.scope.now;
    await this.world.sessions.sweep((record) => isCollectable(record, now));
    await this.world.nonces.sweep(now);
  }

  /** Stored first, told after: a listener's failure never undoes a change (the channel guards it). */
  private tell(event: WorldEvent): Promise<void> {
    return this.world.events.publish(event);
  }

  private sessionToken(record: SessionRecord, member: Member): Promise<string> {
    return this.parts.tokens.mintSessionToken(
      { sessionId: record.id, userId: member.userId, membershipId: member.membershipId },
      record.expiry + tokenGraceSeconds,
      this.scope,
    );
  }
}

function done<T>(outcome: Outcome<T>): Outcome<void> {
  return outcome.ok ? success(undefined) : outcome;
}

function bearerToken(authorization: string | undefined): Outcome<string> {
  if (authorization === undefined || authorization.trim() === '') {
    return failure('invalid-token', 'The Authorization header is missing; send "Authorization: Bearer <token>".', {
      challenge: { scheme: 'bearer' },
    });
  }
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization);
  if (!match) {
    return failure('invalid-token', 'The Authorization header is not of the form "Bearer <token>".', {
      challenge: { scheme: 'bearer', tokenRefused: true },
    });
  }
  return success(match[1]!);
}
