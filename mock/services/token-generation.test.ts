/**
 * With `--seed`, a reset repeats the ids of the run before it; a token minted
 * before the reset must not reach the session that now carries its ids
 * (docs/reliability.md, "Token generations").
 */
import { describe, expect, test } from 'vitest';
import { harness } from '../testing/harness.ts';

describe('tokens across a reset of a seeded mock', () => {
  test('an old host token is refused (401) by a new session that repeats its ids, and deletes nothing', async () => {
    const mock = harness({ config: { seed: 7 } });
    const before = await mock.create({}, '0x' + '1'.repeat(40));
    expect((await mock.request({ method: 'POST', url: '/__mock/reset' })).status).toBe(204);
    const after = await mock.create({}, '0x' + '2'.repeat(40));
    // The premise: the seed repeats the session and user ids.
    expect(after.sessionId).toBe(before.sessionId);
    expect(after.id).toBe(before.id);

    const read = await mock.current(before.token);
    expect(read.status).toBe(401);
    expect(read.body.detail).toMatch(/reset or restarted/);
    expect((await mock.remove(before.token)).status).toBe(401);
    expect((await mock.current(after.token)).status).toBe(200);
  });

  test('a wallet token from before the reset is refused (401)', async () => {
    const mock = harness({ config: { seed: 7 } });
    const { token } = await mock.walletToken();
    await mock.request({ method: 'POST', url: '/__mock/reset' });
    const host = await mock.create();
    const answer = await mock.request({
      method: 'POST',
      url: '/v1/session/join',
      headers: { authorization: `Bearer ${token}` },
      json: { sessionId: host.sessionId },
    });
    expect(answer.status).toBe(401);
  });

  test("after a restart with the same seed and secret, a kicked member's and a host's tokens are 401", async () => {
    const config = { seed: 7, tokenSecret: 'a-test-secret-of-at-least-32-characters!' };
    const first = harness({ config });
    const host = await first.create();
    const guest = await first.join(host.sessionId);
    expect((await first.kick(host.token, guest.id)).status).toBe(200);
    const restarted = harness({ config });
    for (const token of [guest.token, host.token]) {
      const answer = await restarted.current(token);
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toMatch(/reset or restarted/);
    }
  });
});
