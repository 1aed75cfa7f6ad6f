export { createApiKeyCheck } from './api-keys.ts';
export { VirtualClock } from './clock.ts';
export { createRandomSource } from './random.ts';
export type { RandomSource } from './random.ts';
export { SessionService } from './session-service.ts';
export type { AuthenticatedMember, SessionChange, SessionServiceParts } from './session-service.ts';
export { TokenIssuer } from './tokens.ts';
export type { WalletClaims } from './tokens.ts';
export { NonceBook } from './wallet-proof.ts';
