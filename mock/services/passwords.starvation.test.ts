/**
 * A flood of wrong-password joins (one scrypt hash each) must not starve other
 * requests of libuv's thread pool, which token signing and verification share
 * (docs/reliability.md, "Password hashing and the thread pool").
 */
import { describe, expect, test } from 'vitest';
import { harness } from '../testing/harness.ts';

describe('password hashing under a flood', () => {
  test('a join without a password completes while most wrong-password joins still wait for their hash', async () => {
    const mock = harness();
    const guarded = await mock.create({ rules: { password: 'right', userCapacity: 1000 } });
    const open = await mock.create({ rules: { userCapacity: 1000 } });
    const attacker = await mock.walletToken();
    const wrongJoin = () =>
      mock.request({
        method: 'POST',
        url: '/v1/session/join',
        headers: { authorization: `Bearer ${attacker.token}` },
        json: { sessionId: guarded.sessionId, password: 'wrong' },
      });
    // One wrong join first: the attacker's token is then verified (cached), so the flood is all hashing.
    expect((await wrongJoin()).status).toBe(401);
    // Minted before the flood; its verification and the new session token both need the pool.
    const joiner = await mock.walletToken();
    const flood = 40;
    let answered = 0;
    const wrong = Array.from({ length: flood }, () =>
      wrongJoin().then((answer) => {
        expect(answer.status).toBe(401);
        answered++;
      }),
    );
    // Let every flood request reach its password check (a few turns of the event loop) before the open join starts.
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    const joined = await mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${joiner.token}` },
      json: { sessionId: open.sessionId },
    });
    const answeredBefore = answered;
    await Promise.all(wrong);
    expect(joined.status).toBe(200);
    // Without a bound the join's signing queues behind every hash and most of the flood answers first.
    expect(answeredBefore).toBeLessThan(flood / 2);
  });
});
