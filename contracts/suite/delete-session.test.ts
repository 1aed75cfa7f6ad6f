import { describe, expect, test } from './fixtures.ts';

describe('DELETE /session/current', () => {
  test('lets the host delete the session, with 200 and no body', { tags: ['core'] }, async ({ api }) => {
    const session = await api.create();
    const checked = api.expectStatus(
      await api.client.deleteCurrentSession(session.host.token),
      200,
      'delete answers 200 with no content (docs/rules.md §5)',
    );
    expect(checked.exchange.body).toBe('');
  });

  test('makes the session gone for every member and for joiners', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'delete');
    api.expectStatus(
      await api.client.getCurrentSession(guest.token),
      404,
      'delete: the session is gone for every member (404)',
    );
    api.expectStatus(
      await api.client.deleteCurrentSession(session.host.token),
      404,
      'deleting a deleted session -> 404',
    );
    const token = await api.walletToken();
    api.expectStatus(
      await api.client.joinSession(token, { sessionId: session.sessionId }),
      404,
      'a deleted session cannot be joined (404)',
    );
  });

  test('refuses a guest with 403 and deletes nothing', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    api.expectStatus(
      await api.client.deleteCurrentSession(guest.token),
      403,
      'delete by a member who is not the host -> 403',
    );
    api.expectStatus(await api.client.getCurrentSession(session.host.token), 200, 'the session is still there');
  });

  test('keeps a revoked token at 401 after the session is gone', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    api.expectStatus(await api.client.disconnect(guest.token), 200, 'the guest disconnects');
    api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'delete');
    api.expect401(
      await api.client.getCurrentSession(guest.token),
      'Bearer',
      'a revoked token stays 401 even after its session is gone (check order, step 2)',
      true,
    );
  });
});
