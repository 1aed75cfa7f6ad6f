/**
 * Every protected operation refuses every bad credential with 401 and a
 * WWW-Authenticate header (docs/rules.md §13 and §15).
 */
import type { Api, SessionHandle } from './fixtures.ts';
import { describe, expect, test } from './fixtures.ts';
import { forge, forgeries } from './forged-tokens.ts';

type Kind = 'wallet' | 'session';

interface ProtectedOperation {
  name: string;
  kind: Kind;
  call(api: Api, token: string | undefined, session: SessionHandle, guestId: string): Promise<{ response: Response }>;
}

const operations: readonly ProtectedOperation[] = [
  { name: 'POST /session', kind: 'wallet', call: (api, token) => api.client.createSession(token, {}) },
  {
    name: 'POST /session/join',
    kind: 'wallet',
    call: (api, token, session) => api.client.joinSession(token, { sessionId: session.sessionId }),
  },
  { name: 'GET /session/current', kind: 'session', call: (api, token) => api.client.getCurrentSession(token) },
  {
    name: 'POST /session/current/kick',
    kind: 'session',
    call: (api, token, _session, guestId) => api.client.kickUser(token, guestId),
  },
  { name: 'POST /session/disconnect', kind: 'session', call: (api, token) => api.client.disconnect(token) },
  { name: 'DELETE /session/current', kind: 'session', call: (api, token) => api.client.deleteCurrentSession(token) },
];

async function validToken(api: Api, kind: Kind, session: SessionHandle): Promise<string> {
  return kind === 'wallet' ? api.walletToken() : session.host.token;
}

const forgeryCases = operations.flatMap((operation) =>
  forgeries.map((forgery) => ({ ...forgery, operation: operation.name, op: operation })),
);

describe('credentials on every protected operation', () => {
  // The core twins of the strict checks below: a credential the server never issued does not work. The
  // published facts (docs/rules.md §3) fix no status for it, so any documented 4xx counts here.
  test.for(forgeryCases)('$operation refuses $label', { tags: ['core'] }, async ({ op, kind }, { api }) => {
    const session = await api.create();
    const guest = await api.join(session.sessionId);
    const token = forge(kind, await validToken(api, op.kind, session));
    api.expectRefused(
      await op.call(api, token, session, guest.userId),
      `a ${kind} token is no credential: the operation is refused (docs/rules.md §3)`,
    );
  });

  test.for(operations.map((op) => ({ operation: op.name, op })))(
    '$operation refuses a token of the other kind',
    { tags: ['core'] },
    async ({ op }, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      const wrong = op.kind === 'wallet' ? session.host.token : await api.walletToken();
      api.expectRefused(
        await op.call(api, wrong, session, guest.userId),
        'a wallet token is no session token and the other way round (docs/rules.md §3)',
      );
    },
  );

  test.for(operations.map((op) => ({ operation: op.name, op })))(
    '$operation refuses a request without a bearer token with 401 and WWW-Authenticate: Bearer',
    { tags: ['strict', 'direct-only'] },
    async ({ op }, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      const checked = api.expect401(
        await op.call(api, undefined, session, guest.userId),
        'Bearer',
        'credential missing -> 401 with WWW-Authenticate: Bearer',
      );
      // error="invalid_token" is for a token sent and refused; without one there is no error code (RFC 6750 §3.1).
      expect(
        checked.exchange.headers['www-authenticate'],
        'no error code when no token was sent (docs/rules.md §15; RFC 6750 §3.1)',
      ).not.toMatch(/error\s*=/i);
    },
  );

  test.for(forgeryCases)(
    '$operation refuses $label with 401 and error="invalid_token"',
    { tags: ['strict'] },
    async ({ op, kind }, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      const token = forge(kind, await validToken(api, op.kind, session));
      api.expect401(
        await op.call(api, token, session, guest.userId),
        'Bearer',
        `credential ${kind} -> 401; a token sent and refused names error="invalid_token"`,
        true,
      );
    },
  );

  test.for(operations.map((op) => ({ operation: op.name, op })))(
    '$operation refuses a token of the wrong kind with 401',
    { tags: ['strict'] },
    async ({ op }, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      // A session token where a wallet token is required, and the other way round.
      const wrong = op.kind === 'wallet' ? session.host.token : await api.walletToken();
      api.expect401(
        await op.call(api, wrong, session, guest.userId),
        'Bearer',
        'a wallet token is not a session token and the other way round: 401',
        true,
      );
    },
  );
});

const sessionOperations = operations.filter((operation) => operation.kind === 'session');

describe('tokens after the membership ends', () => {
  test.for(
    sessionOperations.flatMap((op) =>
      (['kick', 'disconnect'] as const).map((how) => ({ operation: op.name, how, op })),
    ),
  )(
    '$operation refuses the token of a member who left by $how with 401',
    { tags: ['strict'] },
    async ({ op, how }, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      const witness = await api.join(session.sessionId);
      if (how === 'kick')
        api.expectStatus(await api.client.kickUser(session.host.token, guest.userId), 200, 'the host kicks the guest');
      else api.expectStatus(await api.client.disconnect(guest.token), 200, 'the guest disconnects');
      api.expect401(
        await op.call(api, guest.token, session, witness.userId),
        'Bearer',
        `a token revoked by ${how} -> 401`,
        true,
      );
    },
  );

  test.for(sessionOperations.map((op) => ({ operation: op.name, op })))(
    "$operation answers 404 for a member's token once the session is deleted",
    { tags: ['strict'] },
    async ({ op }, { api }) => {
      const session = await api.create();
      const guest = await api.join(session.sessionId);
      const host = await api.join(session.sessionId, { account: session.host.account });
      api.expectStatus(await api.client.deleteCurrentSession(host.token), 200, 'the host deletes the session');
      api.expectStatus(
        await op.call(api, session.host.token, session, guest.userId),
        404,
        'a valid token whose session was deleted -> 404 (the session is gone), not 401',
      );
    },
  );
});
