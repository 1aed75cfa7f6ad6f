/**
 * What an app's compiler sees of a result: `status` narrows `data` and `error`, and an error
 * is the spec's problem document, not `unknown`. The type assertions are checked by
 * `npm run typecheck` (tsconfig.client.json: skipLibCheck false, erasableSyntaxOnly); an
 * `@ts-expect-error` that no longer errs fails it. The run-time tests show `status` is there.
 */
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { components } from '../../spec/generated/session-api.ts';
import {
  createSessionClient,
  type FetchLike,
  type JoinSessionResponse,
  type Problem,
  type Session,
  type SessionClient,
} from './index.ts';
import type * as Client from './index.ts';

type JoinResult = Awaited<ReturnType<SessionClient['joinSession']>>;
type CurrentResult = Awaited<ReturnType<SessionClient['getCurrentSession']>>;

/** A fetch that answers every request with one status and JSON body. */
function answering(status: number, body: unknown, type = 'application/json'): FetchLike {
  return () =>
    Promise.resolve({
      status,
      headers: new Headers({ 'content-type': type }),
      text: () => Promise.resolve(JSON.stringify(body)),
    });
}

describe('a result narrowed by its status', () => {
  test('a documented error status types the error as the problem document and data as undefined', () => {
    const narrow = (result: JoinResult) => {
      if (result.status === 409) {
        expectTypeOf(result.error).toEqualTypeOf<Problem>();
        expectTypeOf(result.data).toEqualTypeOf<undefined>();
        return result.error.detail;
      }
      if (result.status === 200) {
        expectTypeOf(result.data).toEqualTypeOf<JoinSessionResponse>();
        expectTypeOf(result.error).toEqualTypeOf<undefined>();
        return result.data.credentials.token;
      }
      return undefined;
    };
    expect(typeof narrow).toBe('function');
  });

  test('before narrowing, error is the problem document or undefined, never unknown', () => {
    expectTypeOf<JoinResult['error']>().toEqualTypeOf<Problem | undefined>();
    expectTypeOf<CurrentResult['data']>().toEqualTypeOf<Session | undefined>();
  });

  test('a status the spec does not document for the operation does not compile', () => {
    const wrong = (result: JoinResult) =>
      // @ts-expect-error join documents no 418
      result.status === 418;
    expect(typeof wrong).toBe('function');
  });

  test('every schema of the spec is exported by name', () => {
    // A schema the spec gains but schemas.ts does not name, or a name bound to the wrong schema, fails this.
    expectTypeOf<{
      Problem: Client.Problem;
      FieldError: Client.FieldError;
      EthereumAddress: Client.EthereumAddress;
      WalletNonce: Client.WalletNonce;
      VerifyWalletRequest: Client.VerifyWalletRequest;
      WalletToken: Client.WalletToken;
      Identity: Client.Identity;
      WhiteListAddressRequest: Client.WhiteListAddressRequest;
      SessionRulesRequest: Client.SessionRulesRequest;
      CreateSessionRequest: Client.CreateSessionRequest;
      JoinSessionRequest: Client.JoinSessionRequest;
      KickRequest: Client.KickRequest;
      Role: Client.Role;
      SessionId: Client.SessionId;
      UserId: Client.UserId;
      Expiry: Client.Expiry;
      SessionCredentials: Client.SessionCredentials;
      SessionRules: Client.SessionRules;
      User: Client.User;
      CreateSessionResponse: Client.CreateSessionResponse;
      JoinSessionResponse: Client.JoinSessionResponse;
      Session: Client.Session;
    }>().toEqualTypeOf<components['schemas']>();
  });
});

describe('a result at run time', () => {
  test('carries the answer status beside the parsed problem', async () => {
    const problem = { type: 'urn:session-api:problem:session-full', title: 'Session full', status: 409 };
    const client = createSessionClient({
      baseUrl: 'http://mock.test/v1',
      fetch: answering(409, problem, 'application/problem+json'),
    });
    const result = await client.joinSession('token', { sessionId: 's' });
    expect(result.status).toBe(409);
    expect(result.error).toEqual(problem);
    expect(result.data).toBeUndefined();
  });

  test('carries the answer status beside the data of a success', async () => {
    const nonce = { nonce: 7, message: 'Sign this: 7' };
    const client = createSessionClient({ baseUrl: 'http://mock.test/v1', fetch: answering(200, nonce) });
    const result = await client.getNonce();
    expect(result.status).toBe(200);
    expect(result.data).toEqual(nonce);
    expect(result.error).toBeUndefined();
  });
});
