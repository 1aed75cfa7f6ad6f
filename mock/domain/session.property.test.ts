/**
 * The lifecycle's invariants under any sequence of operations (fast-check): a
 * session never exceeds its capacity, a wallet keeps one user id, no member is
 * doubled, only the creator is ever host, a kicked wallet never comes back, and
 * a deleted or expired session answers 404 (or 401 to a revoked token) forever.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  activeMembers,
  disconnect,
  isLive,
  join,
  kick,
  openSession,
  remove,
  resolveRules,
  view,
  type SessionRecord,
  type SessionTokenClaims,
} from './session.ts';

const t0 = 1_795_000_000;
const wallets = ['0xc0', '0xa1', '0xa2', '0xa3', '0xa4', '0xa5'] as const;
const creator = wallets[0];

type Step =
  | { kind: 'join'; who: number; password: boolean }
  | { kind: 'disconnect'; who: number }
  | { kind: 'kick'; who: number; target: number }
  | { kind: 'remove'; who: number }
  | { kind: 'view'; who: number }
  | { kind: 'wait'; seconds: number };

const who = fc.integer({ min: 0, max: wallets.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('join' as const), who, password: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('kick' as const), who, target: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('view' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 400 }) }),
  },
);

describe('session lifecycle invariants', () => {
  test('hold under any sequence of joins, disconnects, kicks, deletes and waiting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(step, { maxLength: 40 }),
        (capacity, protectedSession, steps) => {
          let now = t0;
          let serial = 0;
          let record: SessionRecord = openSession({
            id: 's',
            rules: resolveRules({
              rules: {
                userCapacity: capacity,
                expiryDurationInSeconds: 1800,
                ...(protectedSession ? { password: 'pw' } : {}),
              },
            }),
            passwordHash: protectedSession ? 'hash' : null,
            creator: { userId: 'u-creator', wallet: creator, name: 'Ada', address: creator, membershipId: 'm-0' },
            now,
          });
          const tokens = new Map<string, SessionTokenClaims[]>([
            [creator, [{ sessionId: 's', userId: 'u-creator', membershipId: 'm-0' }]],
          ]);
          const userIds = new Map<string, string>([[creator, 'u-creator']]);
          const kicked = new Set<string>();
          let gone = false;
          const latest = (wallet: string) => tokens.get(wallet)?.at(-1);

          for (const action of steps) {
            if (action.kind === 'wait') {
              now += action.seconds;
            } else if (action.kind === 'join') {
              const wallet = wallets[action.who]!;
              serial++;
              const outcome = join(record, {
                wallet,
                passwordAccepted: action.password,
                newcomer: () => ({ userId: `u-${serial}`, name: 'n' }),
                newMembershipId: () => `m-${serial}`,
                now,
              });
              if (gone) expect(outcome.ok ? 'ok' : outcome.problem.code).toBe('session-not-found');
              if (kicked.has(wallet) && !gone) expect(outcome.ok ? 'ok' : outcome.problem.code).toBe('banned');
              if (protectedSession && !action.password && wallet !== creator && outcome.ok)
                throw new Error('joined a protected session without the password');
              if (outcome.ok) {
                record = outcome.value.record;
                const member = outcome.value.value;
                expect(userIds.get(wallet) ?? member.userId).toBe(member.userId);
                userIds.set(wallet, member.userId);
                tokens.set(wallet, [
                  ...(tokens.get(wallet) ?? []),
                  { sessionId: 's', userId: member.userId, membershipId: member.membershipId },
                ]);
              }
            } else {
              const wallet = wallets[action.who]!;
              const claims = latest(wallet);
              if (!claims) continue;
              const outcome =
                action.kind === 'disconnect'
                  ? disconnect(record, claims, now)
                  : action.kind === 'kick'
                    ? kick(record, claims, userIds.get(wallets[action.target]!) ?? 'nobody', now)
                    : action.kind === 'remove'
                      ? remove(record, claims, now)
                      : view(record, claims, now);
              if (gone)
                expect(['session-not-found', 'invalid-token']).toContain(outcome.ok ? 'ok' : outcome.problem.code);
              if (outcome.ok && action.kind !== 'view') record = (outcome.value as { record: SessionRecord }).record;
              if (outcome.ok && action.kind === 'kick') kicked.add(wallets[action.target]!);
            }
            if (!isLive(record, now)) gone = true;

            // The invariants, after every step.
            const active = activeMembers(record);
            expect(active.length).toBeLessThanOrEqual(capacity);
            expect(new Set(record.members.map((member) => member.userId)).size).toBe(record.members.length);
            expect(new Set(record.members.map((member) => member.wallet)).size).toBe(record.members.length);
            for (const member of record.members) {
              if (member.role === 'host') expect(member.wallet).toBe(creator);
              if (kicked.has(member.wallet)) expect(member.state).toBe('kicked');
              expect(userIds.get(member.wallet)).toBe(member.userId);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
