/**
 * The Session API's schemas (spec/session-api.yaml `components.schemas`) by name, so that an
 * app writes `Session` or `Problem` instead of `components['schemas']['Session']`.
 * contracts/client/result-types.test.ts fails when the spec gains a schema that is not named here.
 */
import type { components, operations, paths } from '../../spec/generated/session-api.ts';

export type { components as SessionApiComponents, operations as SessionApiOperations, paths as SessionApiPaths };

type Schemas = components['schemas'];

/** An RFC 9457 problem document: the body of every error answer of the Session API. */
export type Problem = Schemas['Problem'];
export type FieldError = Schemas['FieldError'];
export type EthereumAddress = Schemas['EthereumAddress'];
export type WalletNonce = Schemas['WalletNonce'];
export type VerifyWalletRequest = Schemas['VerifyWalletRequest'];
export type WalletToken = Schemas['WalletToken'];
export type Identity = Schemas['Identity'];
export type WhiteListAddressRequest = Schemas['WhiteListAddressRequest'];
export type SessionRulesRequest = Schemas['SessionRulesRequest'];
export type CreateSessionRequest = Schemas['CreateSessionRequest'];
export type JoinSessionRequest = Schemas['JoinSessionRequest'];
export type KickRequest = Schemas['KickRequest'];
export type Role = Schemas['Role'];
export type SessionId = Schemas['SessionId'];
export type UserId = Schemas['UserId'];
/** Unix seconds, an int32 as the real API declares it: it ends on 2038-01-19 (spec/session-api.yaml). */
export type Expiry = Schemas['Expiry'];
export type SessionCredentials = Schemas['SessionCredentials'];
export type SessionRules = Schemas['SessionRules'];
export type User = Schemas['User'];
export type CreateSessionResponse = Schemas['CreateSessionResponse'];
export type JoinSessionResponse = Schemas['JoinSessionResponse'];
export type Session = Schemas['Session'];
