/**
 * docs/rules.md §17: the checks run in a fixed order and the first that fails
 * answers. Each case breaks two rules at once; the earlier one must win.
 */
import { config } from './config.ts';
import { describe, test } from './fixtures.ts';

describe('the order of the checks', () => {
  test.for([
    { label: 'malformed JSON', contentType: 'application/json', body: '{"sessionId": ', expected: 400 },
    { label: 'an unsupported media type', contentType: 'text/plain', body: 'hello', expected: 415 },
    {
      label: 'a body over 1 MiB',
      contentType: 'application/json',
      body: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
      expected: 413,
    },
  ])(
    'answers $expected for $label before looking at the missing credentials (step 1 before 2)',
    { tags: ['strict', 'direct-only'] },
    async ({ contentType, body, expected }, { api }) => {
      for (const path of ['/session', '/session/join', '/session/current/kick']) {
        api.expectStatus(
          await api.client.raw({ method: 'POST', path, headers: { 'content-type': contentType }, body }),
          expected,
          'step 1 (a body that cannot be read) runs before step 2 (credentials)',
        );
      }
    },
  );

  test(
    'answers 401 for a forged token before looking at a body that breaks the schema (step 2 before 3)',
    { tags: ['strict', 'direct-only'] },
    async ({ api }) => {
      const session = await api.create();
      api.expect401(
        await api.client.joinSession('not.a-jwt', { sessionId: session.sessionId, unexpected: true } as never),
        'Bearer',
        'step 2 (credentials) runs before step 3 (schema)',
        true,
      );
      api.expect401(
        await api.client.kickUser('not.a-jwt', 42 as never),
        'Bearer',
        'step 2 (credentials) runs before step 3 (schema)',
        true,
      );
    },
  );

  test(
    'answers 422 for a body that breaks the schema before looking for the session (step 3 before 4)',
    { tags: ['strict', 'direct-only'] },
    async ({ api }) => {
      const token = await api.walletToken();
      api.expectStatus(
        await api.client.joinSession(token, { sessionId: 'no-such-session', unexpected: true } as never),
        422,
        'step 3 (schema) runs before step 4 (the session exists)',
      );
    },
  );

  test(
    'answers 404 for a deleted session before the ban of a kicked wallet (step 4 before 5)',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks the guest');
      api.expectStatus(await api.client.deleteCurrentSession(session.host.token), 200, 'the host deletes the session');
      const token = await api.walletToken(guest.account);
      api.expectStatus(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        404,
        'step 4 (the session exists) runs before step 5 (the caller may act)',
      );
    },
  );

  test(
    'answers 403 for a kicked wallet even with the right password (step 5 before 6)',
    { tags: ['strict'] },
    async ({ api }) => {
      const password = 'open sesame';
      const session = await api.create({ rules: { password } });
      const guest = await api.join(session.sessionId, { password });
      api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks the guest');
      const token = await api.walletToken(guest.account);
      api.expectStatus(
        await api.client.joinSession(token, { sessionId: session.sessionId, password }),
        403,
        'step 5 (banned) runs before step 6 (password)',
      );
    },
  );

  test(
    'answers 403 for a wallet off the whitelist before asking for the password (step 5 before 6)',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create({
        rules: {
          password: 'open sesame',
          allowOnlyWhitelistedAddresses: true,
          whiteListAddresses: [{ address: api.newAccount().address }],
        },
      });
      const token = await api.walletToken();
      api.expectStatus(
        await api.client.joinSession(token, { sessionId: session.sessionId }),
        403,
        'step 5 (whitelist) runs before step 6 (password)',
      );
    },
  );

  test(
    'answers 401 for a wrong password before finding the session full (step 6 before 7)',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create({ rules: { password: 'open sesame', userCapacity: 1 } });
      const token = await api.walletToken();
      api.expect401(
        await api.client.joinSession(token, { sessionId: session.sessionId, password: 'wrong' }),
        'SessionPassword',
        'step 6 (password) runs before step 7 (capacity)',
      );
    },
  );

  test(
    'answers 403 for a guest naming a non-member before looking for the target (step 5 before 7)',
    { tags: ['strict'] },
    async ({ api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      api.expectStatus(
        await api.client.kickUser(guest.token, 'no-such-user'),
        403,
        'step 5 (not the host) runs before step 7 (the target is a member)',
      );
    },
  );

  test(
    'answers 401 for a bad API key before looking at a body that breaks the schema',
    { tags: ['strict', 'direct-only'] },
    async ({ api }) => {
      const token = await api.walletToken();
      api.expect401(
        await api.client.createSession(token, { rules: { userCapacity: 0 } }, `${config.apiKey}-unknown`),
        'ApiKey',
        'step 2 (credentials, the API key included) runs before step 3 (schema)',
      );
    },
  );
});
