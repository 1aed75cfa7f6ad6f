import { config } from './config.ts';
import { describe, expect, test } from './fixtures.ts';

type CreateData = {
  sessionId: string;
  expiresIn: number;
  credentials: { token: string; id: string; pseudonym: string; role: string };
  rules: {
    expiry: number;
    maxFiles: number;
    maxUsers: number;
    maxTotalMegaBytes: number;
    passwordProtected: boolean;
    whiteListAddresses: string[];
  };
};
type SessionData = {
  id: string;
  creatorId: string;
  maxUsers: number;
  passwordProtected: boolean;
  whiteListAddresses: string[];
  users: { id: string; role: string; name: string; address: string }[];
};

describe('POST /session', () => {
  test('creates a session and answers its id, the credentials and the rules', { tags: ['core'] }, async ({ api }) => {
    const token = await api.walletToken();
    const result = await api.client.createSession(token, {});
    const data = api.expectStatus(result, 200, 'create answers 200 with SessionCredentialsDto (docs/rules.md §5)')
      .json as CreateData;
    // Clean up through the fixture's usual path: delete with the host's token.
    api.expectStatus(
      await api.client.deleteCurrentSession(data.credentials.token),
      200,
      'the host deletes its session',
    );
    expect(data.sessionId).not.toBe('');
  });

  test('makes the caller the host and applies the default rules', { tags: ['strict'] }, async ({ api }) => {
    const session = await api.create();
    const current = api.expectStatus(
      await api.client.getCurrentSession(session.host.token),
      200,
      'the host reads its session',
    ).json as SessionData;
    expect(session.host.role, 'the creator becomes the host (docs/rules.md §6)').toBe('host');
    expect(current.creatorId, "creatorId is the host's user id").toBe(session.host.userId);
    expect(current.users.map((user) => [user.id, user.role])).toEqual([[session.host.userId, 'host']]);
    expect(current.users[0]!.address.toLowerCase(), 'the address shown defaults to the verified wallet').toBe(
      session.host.account.address.toLowerCase(),
    );
    expect({
      maxUsers: current.maxUsers,
      passwordProtected: current.passwordProtected,
      whiteListAddresses: current.whiteListAddresses,
    }).toEqual({ maxUsers: 10, passwordProtected: false, whiteListAddresses: [] });
    // The server's clock may differ from ours (or run ahead, on a mock whose clock was moved): compare with expiresIn.
    expect(session.expiresIn, 'the session lasts 3600 seconds by default').toBeGreaterThanOrEqual(3600 - 5);
    expect(session.expiresIn).toBeLessThanOrEqual(3600);
  });

  test(
    'honours the rules and the identity it is given, and never returns the password',
    { tags: ['strict'] },
    async ({ api }) => {
      const password = 'correct horse battery staple';
      const shown = api.newAccount().address;
      const token = await api.walletToken();
      const result = await api.client.createSession(token, {
        identity: { name: 'Ada', chainAddress: shown },
        rules: { userCapacity: 3, expiryDurationInSeconds: 1800, password },
      });
      const checked = api.expectStatus(result, 200, 'create with rules succeeds');
      const data = checked.json as CreateData;
      try {
        expect(data.rules).toMatchObject({
          maxUsers: 3,
          passwordProtected: true,
          maxFiles: 100,
          maxTotalMegaBytes: 1024,
        });
        expect(data.expiresIn).toBeGreaterThan(1800 - 5);
        expect(data.expiresIn).toBeLessThanOrEqual(1800);
        expect(data.credentials.pseudonym, 'identity.name is the display name').toBe('Ada');
        const current = api.expectStatus(
          await api.client.getCurrentSession(data.credentials.token),
          200,
          'the host reads its session',
        );
        expect((current.json as SessionData).users[0]).toMatchObject({ name: 'Ada', address: shown });
        expect(
          checked.exchange.body + current.exchange.body,
          'passwords are never returned (docs/rules.md §9)',
        ).not.toContain(password);
      } finally {
        await api.client.deleteCurrentSession(data.credentials.token);
      }
    },
  );

  test('accepts a request without a body (every field has a default)', { tags: ['strict'] }, async ({ api }) => {
    const token = await api.walletToken();
    const result = await api.client.raw({
      method: 'POST',
      path: '/session',
      headers: { authorization: `Bearer ${token}`, 'x-api-key': config.apiKey },
    });
    const data = api.expectStatus(result, 200, 'the create body may be omitted (spec: requestBody not required)')
      .json as CreateData;
    await api.client.deleteCurrentSession(data.credentials.token);
  });

  test.for([
    { label: 'the smallest capacity and duration', rules: { userCapacity: 1, expiryDurationInSeconds: 60 } },
    { label: 'the largest capacity and duration', rules: { userCapacity: 1000, expiryDurationInSeconds: 604800 } },
  ])('accepts $label the rules allow', { tags: ['strict'] }, async ({ rules }, { api }) => {
    const session = await api.create({ rules });
    expect(session.maxUsers).toBe(rules.userCapacity);
  });

  test('lets rules win over the deprecated top-level password and list', { tags: ['strict'] }, async ({ api }) => {
    const topLevel = api.newAccount();
    const inRules = api.newAccount();
    const session = await api.create({
      password: 'top-level password',
      whiteListAddresses: [topLevel.address],
      rules: {
        password: 'rules password',
        allowOnlyWhitelistedAddresses: true,
        whiteListAddresses: [{ address: inRules.address }],
      },
    });
    const refused = await api.walletToken(topLevel);
    api.expectStatus(
      await api.client.joinSession(refused, { sessionId: session.sessionId, password: 'rules password' }),
      403,
      'where both are given, rules wins: only the list in rules counts',
    );
    const listed = await api.walletToken(inRules);
    api.expect401(
      await api.client.joinSession(listed, { sessionId: session.sessionId, password: 'top-level password' }),
      'SessionPassword',
      'where both are given, rules wins: only the password in rules counts',
    );
    await api.join(session.sessionId, { account: inRules, password: 'rules password' });
  });

  test('lists whitelisted addresses as strings', { tags: ['strict'] }, async ({ api }) => {
    const listed = api.newAccount().address;
    const session = await api.create({
      rules: { allowOnlyWhitelistedAddresses: true, whiteListAddresses: [{ address: listed, chain: 'Ethereum' }] },
    });
    const current = api.expectStatus(
      await api.client.getCurrentSession(session.host.token),
      200,
      'the host reads its session',
    ).json as SessionData;
    expect(current.whiteListAddresses.map((address) => address.toLowerCase())).toEqual([listed.toLowerCase()]);
  });

  // Prism checks that the key is present (and answers itself when it is not), not that it is known.
  const keys = [
    { label: 'no API key', apiKey: null, tags: ['direct-only'] },
    { label: 'an unknown API key', apiKey: 'not-a-known-key', tags: [] },
  ] as const;

  for (const { label, apiKey, tags } of keys) {
    test(`refuses ${label} with 401`, { tags: ['core', ...tags] }, async ({ api }) => {
      const token = await api.walletToken();
      api.expectStatus(
        await api.client.createSession(token, {}, apiKey),
        401,
        'the API key is required on create (docs/rules.md §3)',
      );
    });

    test(`names the ApiKey scheme in WWW-Authenticate for ${label}`, { tags: ['strict', ...tags] }, async ({ api }) => {
      const token = await api.walletToken();
      api.expect401(
        await api.client.createSession(token, {}, apiKey),
        'ApiKey',
        'a bad key is a 401 whose WWW-Authenticate names the API key scheme',
      );
    });
  }

  test('refuses a request without a wallet token with 401', { tags: ['core', 'direct-only'] }, async ({ api }) => {
    api.expectStatus(
      await api.client.createSession(undefined, {}),
      401,
      'create requires the wallet token (docs/rules.md §3)',
    );
  });

  test('refuses a userCapacity above 1000 with 422', { tags: ['core', 'direct-only'] }, async ({ api }) => {
    const token = await api.walletToken();
    api.expectStatus(
      await api.client.createSession(token, { rules: { userCapacity: 1001 } }),
      422,
      'create documents 422 for a body that breaks the schema (docs/rules.md §5)',
    );
  });
});
