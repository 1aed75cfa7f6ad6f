/**
 * The typed client as a frontend imports it (`session-api-mock/client`, through
 * package.json `exports`): the spec's types make a wrong body or an undocumented
 * status a compile error. The `@ts-expect-error` lines are checked by
 * `tsc --noEmit -p .` (an expected error that does not happen fails it); the
 * tests also run against a live mock with the platform's own fetch, as a browser would.
 */
import { createSessionClient, type SessionClient } from 'session-api-mock/client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from 'vitest';
import { startLiveMock, type LiveMock } from '../mock/testing/live-mock.ts';
import type { SessionApiComponents, SessionApiPaths } from './index.ts';

type Schemas = SessionApiComponents['schemas'];
type Responses<P extends keyof SessionApiPaths, M extends keyof SessionApiPaths[P]> = SessionApiPaths[P][M] extends {
  responses: infer R;
}
  ? R
  : never;
/** The documented answer of an operation for one status; any other status does not compile. */
type Answer<
  P extends keyof SessionApiPaths,
  M extends keyof SessionApiPaths[P],
  S extends keyof Responses<P, M>,
> = Responses<P, M>[S];

let mock: LiveMock;
let client: SessionClient;
beforeAll(async () => {
  mock = await startLiveMock();
  // A browser's fetch, as a frontend passes it (the cast: FetchLike's body type is a plain Uint8Array).
  client = createSessionClient({
    baseUrl: mock.api,
    apiKey: 'mock-api-key',
    fetch: (url, init) => globalThis.fetch(url, init as RequestInit),
  });
});
afterAll(() => mock.close());

describe('session-api-mock/client: types', () => {
  test('a wrong body does not compile', () => {
    // Compiled, never sent: the calls are wrapped in a function that is not called.
    const wrongCalls = () => [
      // @ts-expect-error sessionId is required
      client.joinSession('token', {}),
      // @ts-expect-error sessionId is a string
      client.joinSession('token', { sessionId: 42 }),
      // @ts-expect-error the join body has no field "colour"
      client.joinSession('token', { sessionId: 's', colour: 'red' }),
      // @ts-expect-error userCapacity is a number
      client.createSession('token', { rules: { userCapacity: 'ten' } }),
      // @ts-expect-error the kick body needs userId (openapi-fetch client)
      client.api.POST('/session/current/kick', { body: {} }),
      // @ts-expect-error no such path in the spec
      client.api.GET('/sessions'),
    ];
    expect(typeof wrongCalls).toBe('function');
  });

  test('an undocumented status does not compile; documented ones have their schema', () => {
    expectTypeOf<Answer<'/session/join', 'post', 200>['content']['application/json']>().toEqualTypeOf<
      Schemas['JoinSessionResponse']
    >();
    expectTypeOf<Answer<'/session/join', 'post', 409>['content']>().toHaveProperty('application/problem+json');
    // @ts-expect-error join documents no 418
    expectTypeOf<Answer<'/session/join', 'post', 418>>().toBeNever();
    // @ts-expect-error getCurrentSession documents no 201
    expectTypeOf<Answer<'/session/current', 'get', 201>>().toBeNever();
  });

  test('results are { data, error, response } with data typed by the spec', () => {
    expectTypeOf<Awaited<ReturnType<SessionClient['joinSession']>>['data']>().toEqualTypeOf<
      Schemas['JoinSessionResponse'] | undefined
    >();
    expectTypeOf<Awaited<ReturnType<SessionClient['getCurrentSession']>>['data']>().toEqualTypeOf<
      Schemas['Session'] | undefined
    >();
    expectTypeOf<Awaited<ReturnType<SessionClient['createSession']>>['response']>().toEqualTypeOf<Response>();
  });
});

describe('session-api-mock/client: at run time, with the platform fetch', () => {
  test('create, join and read a session; a refusal comes back as a value, not a throw', async () => {
    const host = await mock.walletToken();
    const created = await client.createSession(host.token, { rules: { userCapacity: 2 } });
    expect(created.response.status).toBe(200);
    const sessionId = created.data!.sessionId;
    const guest = await mock.walletToken();
    const joined = await client.joinSession(guest.token, { sessionId });
    expect(joined.data?.users).toHaveLength(2);
    const current = await client.getCurrentSession(joined.data!.credentials.token);
    expect(current.data?.id).toBe(sessionId);
    const late = await client.joinSession((await mock.walletToken()).token, { sessionId });
    expect(late.data).toBeUndefined();
    expect(late.response.status).toBe(409);
    expect(late.error).toMatchObject({ status: 409, type: 'urn:session-api:problem:session-full' });
  });
});
