import { describe, expect, test } from 'vitest';
import { sessionApi } from '../testing/harness.ts';
import { disconnect, join, openSession, resolveRules, type SessionRecord } from './session.ts';
import { credentialsView, joinView, sessionView } from './views.ts';

const t0 = 1_795_000_000;
const creator = '0x' + 'c'.repeat(40);
const guest = '0x' + 'a'.repeat(40);

function record(): SessionRecord {
  const opened = openSession({
    id: 'session-1',
    rules: resolveRules({ rules: { password: 'pw', whiteListAddresses: [{ address: '0xABC' + '0'.repeat(37) }] } }),
    passwordHash: 'scrypt$salt$hash',
    creator: { userId: 'u-host', wallet: creator, name: 'Ada', address: '0x' + 'd'.repeat(40), membershipId: 'm1' },
    now: t0,
  });
  const joined = join(opened, {
    wallet: guest,
    passwordAccepted: true,
    newcomer: () => ({ userId: 'u-guest', name: 'Quiet Otter' }),
    newMembershipId: () => 'm2',
    now: t0 + 1,
  });
  if (!joined.ok) throw new Error(joined.problem.code);
  return joined.value.record;
}

describe('views', () => {
  test('credentialsView answers a spec-valid create response with expiresIn as the seconds left', () => {
    const r = record();
    const view = credentialsView(r, r.members[0]!, 'token', t0 + 600);
    expect(sessionApi.schema('CreateSessionResponse')(view)).toBe(true);
    expect(view).toMatchObject({
      sessionId: 'session-1',
      expiresIn: 3000,
      credentials: { id: 'u-host', pseudonym: 'Ada', role: 'host', token: 'token' },
    });
    expect(view.rules).toEqual({
      expiry: t0 + 3600,
      maxFiles: 100,
      maxUsers: 10,
      maxTotalMegaBytes: 1024,
      passwordProtected: true,
      whiteListAddresses: ['0xABC' + '0'.repeat(37)],
    });
  });

  test('expiresIn never goes below 0', () => {
    const r = record();
    expect(credentialsView(r, r.members[0]!, 't', t0 + 99_999).expiresIn).toBe(0);
  });

  test('joinView lists the active members with the address they show', () => {
    const r = record();
    const view = joinView(r, r.members[1]!, 'token', t0 + 1);
    expect(sessionApi.schema('JoinSessionResponse')(view)).toBe(true);
    expect(view.users).toEqual([
      { id: 'u-host', role: 'host', name: 'Ada', address: '0x' + 'd'.repeat(40) },
      { id: 'u-guest', role: 'guest', name: 'Quiet Otter', address: guest },
    ]);
  });

  test('sessionView leaves out members who left, and never shows the password or its hash', () => {
    const r = record();
    const left = disconnect(r, { sessionId: r.id, userId: 'u-guest', membershipId: 'm2' }, t0 + 2);
    if (!left.ok) throw new Error(left.problem.code);
    const view = sessionView(left.value.record);
    expect(sessionApi.schema('Session')(view)).toBe(true);
    expect(view.users.map((user) => user.id)).toEqual(['u-host']);
    expect(view.creatorId).toBe('u-host');
    expect(JSON.stringify(view)).not.toMatch(/pw|scrypt|hash/);
  });
});
