export { createSessionClient, defaultFetch } from './session-client.ts';
export type {
  ApiFailure,
  ApiResult,
  ApiSuccess,
  CreateSessionBody,
  JoinSessionBody,
  MessageSigner,
  SessionClient,
  SessionClientOptions,
  VerifyWalletBody,
} from './session-client.ts';
export { RateLimiter, Transport, retryAfterSeconds } from './transport.ts';
export type { Exchange, FetchLike, RawRequest, TransportOptions } from './transport.ts';
export { ClientError, OptionsError, RateLimitedError, TimeoutError, UnreachableError } from './errors.ts';
export type { ClientErrorCode } from './errors.ts';
export { describeFailure, excerpt } from './describe.ts';
export type * from './schemas.ts';
