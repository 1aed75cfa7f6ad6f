/**
 * The session lifecycle as pure functions over immutable records: no HTTP, no
 * clock, no randomness. Callers pass `now` (Unix seconds) and any fresh ids.
 * The rules are those of docs/rules.md (§6 to §17); checks run in the order of its §17.
 */
import { failure, success, type Outcome } from './problems.ts';

export type Role = 'host' | 'guest';
export type MemberState = 'active' | 'left' | 'kicked';

export interface Member {
  readonly userId: string;
  /** The verified wallet address, lower case: the key of whitelists and bans. */
  readonly wallet: string;
  readonly name: string;
  /** The address shown to others (identity.chainAddress or the wallet). */
  readonly address: string;
  readonly role: Role;
  readonly state: MemberState;
  /** Changes whenever the member joins after leaving; tokens of older memberships are revoked. */
  readonly membershipId: string;
}

export interface SessionRecord {
  readonly id: string;
  readonly creatorId: string;
  readonly creatorWallet: string;
  readonly createdAt: number;
  /** Unix seconds at which the session ends. */
  readonly expiry: number;
  readonly maxUsers: number;
  readonly maxFiles: number;
  readonly maxTotalMegaBytes: number;
  readonly passwordHash: string | null;
  readonly whitelistEnforced: boolean;
  /** Whitelisted addresses as given at create; compared in lower case. */
  readonly whiteList: readonly string[];
  /** Everyone who ever joined, in order of first join. */
  readonly members: readonly Member[];
  readonly deletedAt: number | null;
}

/** Seconds a session token outlives its session, so members see 404 rather than 401. */
export const tokenGraceSeconds = 3600;

/** The longest session: the maximum of `expiryDurationInSeconds` in spec/session-api.yaml. */
const longestSessionSeconds = 604_800;

/**
 * The latest time (Unix seconds) the mock's clock may show: `expiry` is an
 * int32 in spec/session-api.yaml (at most 2038-01-19T03:14:07Z), and the longest
 * session begun then, and its tokens' extra hour, must still end by that limit.
 * That makes 2038-01-12T02:14:07Z (spec/mock-control.yaml, setClock).
 */
export const latestClockTime = 2_147_483_647 - longestSessionSeconds - tokenGraceSeconds;

export const ruleDefaults = Object.freeze({
  userCapacity: 10,
  expiryDurationInSeconds: 3600,
  maxFiles: 100,
  maxTotalMegaBytes: 1024,
});

export interface RulesInput {
  rules?: {
    userCapacity?: number | null;
    expiryDurationInSeconds?: number | null;
    password?: string | null;
    allowOnlyWhitelistedAddresses?: boolean | null;
    whiteListAddresses?: readonly { address: string; chain?: string }[] | null;
  } | null;
  /** Deprecated top-level fields: still honoured, `rules` wins where both are given. */
  password?: string | null;
  whiteListAddresses?: readonly string[] | null;
}

export interface ResolvedRules {
  readonly userCapacity: number;
  readonly expiryDurationInSeconds: number;
  readonly password: string | null;
  readonly whitelistEnforced: boolean;
  readonly whiteList: readonly string[];
}

export function resolveRules(input: RulesInput): ResolvedRules {
  const rules = input.rules ?? {};
  let whiteList: readonly string[] = [];
  let enforcedByDefault = false;
  if (rules.whiteListAddresses != null) {
    whiteList = rules.whiteListAddresses.map((entry) => entry.address);
  } else if (input.whiteListAddresses != null) {
    // The deprecated top-level list means the same as a rules list with enforcement on.
    whiteList = input.whiteListAddresses;
    enforcedByDefault = true;
  }
  return {
    userCapacity: rules.userCapacity ?? ruleDefaults.userCapacity,
    expiryDurationInSeconds: rules.expiryDurationInSeconds ?? ruleDefaults.expiryDurationInSeconds,
    password: rules.password ?? input.password ?? null,
    whitelistEnforced: rules.allowOnlyWhitelistedAddresses ?? enforcedByDefault,
    whiteList,
  };
}

export interface NewSession {
  readonly id: string;
  readonly rules: ResolvedRules;
  readonly passwordHash: string | null;
  readonly creator: Omit<Member, 'role' | 'state'>;
  readonly now: number;
}

/**
 * A member as every record holds one: its fields copied in one order. Members made by spreads alone each got a
 * hidden class of their own in V8 (100,000 sessions held ~26 MiB of them, scripts/bench/README.md); objects built
 * in one order share one.
 */
function member(fields: Member): Member {
  return {
    userId: fields.userId,
    wallet: fields.wallet,
    name: fields.name,
    address: fields.address,
    role: fields.role,
    state: fields.state,
    membershipId: fields.membershipId,
  };
}

export function openSession({ id, rules, passwordHash, creator, now }: NewSession): SessionRecord {
  return {
    id,
    creatorId: creator.userId,
    creatorWallet: creator.wallet,
    createdAt: now,
    expiry: now + rules.expiryDurationInSeconds,
    maxUsers: rules.userCapacity,
    maxFiles: ruleDefaults.maxFiles,
    maxTotalMegaBytes: ruleDefaults.maxTotalMegaBytes,
    passwordHash,
    whitelistEnforced: rules.whitelistEnforced,
    whiteList: rules.whiteList,
    members: [member({ ...creator, role: 'host', state: 'active' })],
    deletedAt: null,
  };
}

export function isLive(record: SessionRecord, now: number): boolean {
  return record.deletedAt === null && now < record.expiry;
}

/** A record may be forgotten once no token of it can still be valid. */
export function isCollectable(record: SessionRecord, now: number): boolean {
  return now >= record.expiry + tokenGraceSeconds;
}

/**
 * How many distinct wallets a session remembers (every wallet that ever joined,
 * so that each keeps its user id and a kicked one stays banned): 10 per seat.
 * A wallet new to a session that has seen that many is refused with 409
 * (spec/session-api.yaml, joinSession).
 */
const walletsPerSeat = 10;

export function walletLimit(record: SessionRecord): number {
  return record.maxUsers * walletsPerSeat;
}

export function activeMembers(record: SessionRecord): Member[] {
  return record.members.filter((member) => member.state === 'active');
}

function memberByWallet(record: SessionRecord, wallet: string): Member | undefined {
  return record.members.find((member) => member.wallet === wallet);
}

/** The creator's wallet is exempt from the password. */
export function needsPassword(record: SessionRecord, wallet: string): boolean {
  return record.passwordHash !== null && wallet !== record.creatorWallet;
}

export interface SessionTokenClaims {
  readonly sessionId: string;
  readonly userId: string;
  readonly membershipId: string;
}

/**
 * Whether a session token still stands: its membership must be the member's
 * current one and active. A revoked token stays refused after its session is
 * gone; whether the session is gone is asked later (404 comes after 401 and 422).
 */
export function admitToken(record: SessionRecord | undefined, claims: SessionTokenClaims): Outcome<Member | undefined> {
  if (record === undefined) return success(undefined);
  const member = record.members.find((candidate) => candidate.userId === claims.userId);
  if (!member || member.membershipId !== claims.membershipId || member.state !== 'active') {
    const reason = member?.state === 'kicked' ? 'its member was kicked' : 'its member left the session';
    return failure('invalid-token', `The token was revoked: ${reason}.`, {
      challenge: { scheme: 'bearer', tokenRefused: true },
    });
  }
  return success(member);
}

function requireLive(record: SessionRecord | undefined, now: number): Outcome<SessionRecord> {
  if (!record || !isLive(record, now)) {
    return failure('session-not-found', 'The session does not exist, was deleted or has expired.');
  }
  return success(record);
}

export interface JoinRequest {
  readonly wallet: string;
  /** Whether the caller gave the session's password (ignored when none is needed). */
  readonly passwordAccepted: boolean;
  /** Draws the identity of a wallet that joins for the first time; called only then. */
  readonly newcomer: () => { userId: string; name: string };
  /** Draws the membership id of a wallet that (re)enters; not called for one already active. */
  readonly newMembershipId: () => string;
  readonly now: number;
}

export interface Change<T> {
  readonly record: SessionRecord;
  readonly value: T;
}

export function join(current: SessionRecord | undefined, request: JoinRequest): Outcome<Change<Member>> {
  const live = requireLive(current, request.now);
  if (!live.ok) return live;
  const record = live.value;
  const known = memberByWallet(record, request.wallet);
  const isCreator = request.wallet === record.creatorWallet;
  if (known?.state === 'kicked') {
    return failure('banned', 'This wallet was kicked from the session and cannot join it again.');
  }
  if (
    record.whitelistEnforced &&
    !isCreator &&
    !record.whiteList.some((address) => address.toLowerCase() === request.wallet)
  ) {
    return failure('not-whitelisted', 'Only whitelisted wallets may join this session.');
  }
  if (needsPassword(record, request.wallet) && !request.passwordAccepted) {
    return failure('invalid-password', 'The session is password-protected and the password is missing or wrong.', {
      challenge: { scheme: 'session-password' },
    });
  }
  if (known?.state === 'active') return success({ record, value: known });
  if (activeMembers(record).length >= record.maxUsers) {
    return failure('session-full', `The session already has its maximum of ${record.maxUsers} users.`);
  }
  if (!known && record.members.length >= walletLimit(record)) {
    return failure(
      'wallet-limit-reached',
      `The session has already seen ${walletLimit(record)} different wallets (10 per seat), the most it remembers; ` +
        'wallets that joined before may still rejoin, new ones cannot. Create a new session for them.',
    );
  }
  const entering = member(
    known
      ? { ...known, state: 'active', membershipId: request.newMembershipId(), role: isCreator ? 'host' : known.role }
      : {
          ...request.newcomer(),
          wallet: request.wallet,
          address: request.wallet,
          role: isCreator ? 'host' : 'guest',
          state: 'active',
          membershipId: request.newMembershipId(),
        },
  );
  const members = known
    ? record.members.map((member) => (member === known ? entering : member))
    : [...record.members, entering];
  return success({ record: { ...record, members }, value: entering });
}

/** Admits the token (again, atomically with the change) and requires a live session. */
function liveMember(
  current: SessionRecord | undefined,
  claims: SessionTokenClaims,
  now: number,
): Outcome<{ record: SessionRecord; caller: Member }> {
  const admitted = admitToken(current, claims);
  if (!admitted.ok) return admitted;
  const live = requireLive(current, now);
  if (!live.ok || !admitted.value)
    return failure('session-not-found', 'The session does not exist, was deleted or has expired.');
  return success({ record: live.value, caller: admitted.value });
}

export function kick(
  current: SessionRecord | undefined,
  claims: SessionTokenClaims,
  targetUserId: string,
  now: number,
): Outcome<Change<Member>> {
  const found = liveMember(current, claims, now);
  if (!found.ok) return found;
  const { record, caller } = found.value;
  if (caller.role !== 'host') return failure('not-host', 'Only the session host may kick members.');
  const target = record.members.find((member) => member.userId === targetUserId && member.state === 'active');
  if (!target) return failure('member-not-found', `User ${targetUserId} is not a member of this session.`);
  if (target.userId === caller.userId) {
    return failure('self-kick', 'The host cannot kick itself; delete the session or disconnect instead.');
  }
  const kicked = member({ ...target, state: 'kicked' });
  return success({
    record: { ...record, members: record.members.map((member) => (member === target ? kicked : member)) },
    value: kicked,
  });
}

export function disconnect(
  current: SessionRecord | undefined,
  claims: SessionTokenClaims,
  now: number,
): Outcome<Change<Member>> {
  const found = liveMember(current, claims, now);
  if (!found.ok) return found;
  const { record, caller } = found.value;
  const left = member({ ...caller, state: 'left' });
  return success({
    record: { ...record, members: record.members.map((member) => (member === caller ? left : member)) },
    value: left,
  });
}

export function remove(
  current: SessionRecord | undefined,
  claims: SessionTokenClaims,
  now: number,
): Outcome<Change<SessionRecord>> {
  const found = liveMember(current, claims, now);
  if (!found.ok) return found;
  if (found.value.caller.role !== 'host') return failure('not-host', 'Only the session host may delete the session.');
  const deleted: SessionRecord = { ...found.value.record, deletedAt: now };
  return success({ record: deleted, value: deleted });
}

export function view(
  current: SessionRecord | undefined,
  claims: SessionTokenClaims,
  now: number,
): Outcome<SessionRecord> {
  const found = liveMember(current, claims, now);
  return found.ok ? success(found.value.record) : found;
}
