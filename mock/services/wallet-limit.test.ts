/** The wallets a session remembers are bounded (spec/session-api.yaml, joinSession): checked over HTTP. */
import { describe, expect, test } from 'vitest';
import { harness } from '../testing/harness.ts';

describe('the wallets a session remembers', () => {
  test('capacity 2, 20 wallets seen: a new one gets 409 problem+json, a known one comes back', async () => {
    const mock = harness();
    const host = await mock.create({ rules: { userCapacity: 2 } });
    const seen = [];
    for (let n = 0; n < 19; n++) {
      const guest = await mock.join(host.sessionId);
      expect((await mock.disconnect(guest.token)).status).toBe(200);
      seen.push(guest);
    }
    const refused = await mock.joinAnswer(host.sessionId);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:session-api:problem:wallet-limit-reached');
    expect(refused.body.detail).toMatch(/already seen 20 different wallets/);
    const back = await mock.join(host.sessionId, seen[0]!.wallet);
    expect(back.id).toBe(seen[0]!.id);
  });
});
