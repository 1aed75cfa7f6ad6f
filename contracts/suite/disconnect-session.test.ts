import { describe, expect, test } from './fixtures.ts';

type SessionData = { users: { id: string; role: string }[] };

describe('POST /session/disconnect', () => {
  test("ends the caller's membership with 200 and no body", { tags: ['core'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const checked = api.expectStatus(
      await api.client.disconnect(guest.token),
      200,
      'disconnect answers 200 with no content (docs/rules.md §5)',
    );
    expect(checked.exchange.body).toBe('');
  });

  test(
    "revokes the caller's tokens; the session lives on and a rejoin gives the same id",
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      api.expectStatus(await api.client.disconnect(guest.token), 200, 'disconnect');
      api.expect401(
        await api.client.getCurrentSession(guest.token),
        'Bearer',
        "disconnect: the caller's tokens stop working (401)",
        true,
      );
      const users = (
        api.expectStatus(await api.client.getCurrentSession(session.host.token), 200, 'the session lives on')
          .json as SessionData
      ).users;
      expect(users.map((user) => user.id)).toEqual([session.host.userId]);
      const again = await api.join(session.sessionId, { account: guest.account });
      expect(again.userId, 'joining after a disconnect gives the same user id').toBe(guest.userId);
      api.expect401(
        await api.client.getCurrentSession(guest.token),
        'Bearer',
        'a revoked token stays revoked after a rejoin',
        true,
      );
    },
  );

  test(
    'lets the session go on without a host until the creator rejoins as host',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      api.expectStatus(await api.client.disconnect(session.host.token), 200, 'the host disconnects');
      const users = (
        api.expectStatus(await api.client.getCurrentSession(guest.token), 200, 'the session goes on')
          .json as SessionData
      ).users;
      expect(users.map((user) => user.role)).toEqual(['guest']);
      const host = await api.join(session.sessionId, { account: session.host.account });
      expect(host).toMatchObject({ role: 'host', userId: session.host.userId });
    },
  );

  test('ignores a body', { tags: ['strict', 'direct-only'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const result = await api.client.raw({
      method: 'POST',
      path: '/session/disconnect',
      headers: { authorization: `Bearer ${guest.token}`, 'content-type': 'text/plain' },
      body: 'not json {',
    });
    api.expectStatus(result, 200, 'a body sent to an operation that takes none is ignored (check order, step 1)');
  });

  test('answers 404 once the session is deleted', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'delete');
    api.expectStatus(
      await api.client.disconnect(guest.token),
      404,
      'disconnect with a valid token whose session was deleted -> 404',
    );
  });
});
