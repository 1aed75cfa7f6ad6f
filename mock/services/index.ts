// Node-free parts only: the core imports from here (passwords.ts and api-keys.ts need node:crypto).
export { clockNow, clockNowMs, moveClock, offsetSeconds, readClockChange } from './clock.ts';
export type { ClockChange } from './clock.ts';
export { createRandomSource } from './random.ts';
export type { RandomSource } from './random.ts';
export { readScope, SessionService } from './session-service.ts';
export type { AuthenticatedMember, PasswordHasher, SessionChange, SessionServiceParts } from './session-service.ts';
export { createJoseSigner } from './jwt-signer.ts';
export type { JwsOutcome, JwsRefusal, JwtSigner } from './jwt-signer.ts';
export { TokenIssuer } from './tokens.ts';
export type { TokenScope, WalletClaims } from './tokens.ts';
export { issueNonce } from './wallet-proof.ts';
