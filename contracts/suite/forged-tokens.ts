/**
 * Forged credentials, for every test that needs them (the contract suite, the
 * mock's tests, the fuzzer): bad tokens made from good ones, which any server
 * must refuse with 401 (docs/rules.md §13: missing, malformed, badly signed, of
 * the wrong kind), and, for tests that know a server's secret, tokens signed in
 * the mock's format (docs/reliability.md: HS256 JWTs with issuer, subject, iat,
 * nbf and exp). Depends on no server's code.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function parts(token: string): [string, string, string] {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) {
    const what = `"${token.slice(0, 40)}..." is not a JWT (header.payload.signature)`;
    throw new Error(`${what}; the server's tokens must be JWTs (docs/rules.md §3)`);
  }
  return [header, payload, signature];
}

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return decode(parts(token)[1]);
}

/** The token with its claims changed after signing (the signature kept). */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = parts(token);
  return `${header}.${encode({ ...decode(payload), ...changes })}.${signature}`;
}

export type Forgery = 'malformed' | 'tampered' | 'alg-none' | 'badly-signed';

export const forgeries: readonly { kind: Forgery; label: string }[] = [
  { kind: 'malformed', label: 'a malformed token' },
  { kind: 'tampered', label: 'a token whose payload was changed after signing' },
  { kind: 'alg-none', label: 'an unsigned token (alg: none)' },
  { kind: 'badly-signed', label: 'a token with a signature of other bytes' },
];

export function forge(kind: Forgery, token: string): string {
  if (kind === 'malformed') return 'not.a-jwt';
  const [header, payload] = parts(token);
  switch (kind) {
    case 'tampered':
      // Push the expiry a year out: the very change an attacker wants.
      return tamper(token, { exp: Math.floor(Date.now() / 1000) + 31_536_000, tampered: true });
    case 'alg-none':
      return `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    case 'badly-signed':
      return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
  }
}

export interface SignOptions {
  /** Default HS256; any other HMAC algorithm signs a token the mock must refuse. */
  alg?: string;
  /** Left out when undefined. */
  issuer?: string;
  subject: string;
  jti?: string;
  /** Unix seconds. */
  issuedAt: number;
  notBefore: number;
  /** Left out when undefined. */
  expiresAt?: number;
}

/** A JWT with `claims`, signed with `secret` (for tests that know the server's secret). */
export function signToken(
  secret: string | Uint8Array,
  claims: Record<string, unknown>,
  options: SignOptions,
): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' });
  jwt = jwt.setSubject(options.subject);
  if (options.jti !== undefined) jwt = jwt.setJti(options.jti);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  jwt = jwt.setIssuedAt(options.issuedAt).setNotBefore(options.notBefore);
  if (options.expiresAt !== undefined) jwt = jwt.setExpirationTime(options.expiresAt);
  return jwt.sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}
