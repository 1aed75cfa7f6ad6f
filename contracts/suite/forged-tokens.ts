/**
 * Bad credentials made from good ones: each must be refused with 401
 * (docs/rules.md §13: missing, malformed, badly signed, of the wrong kind).
 */
import { randomBytes } from 'node:crypto';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

function parts(token: string): [string, string, string] {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) throw new Error(`"${token.slice(0, 40)}..." is not a JWT (header.payload.signature); the server's tokens must be JWTs (docs/rules.md §3)`);
  return [header, payload, signature];
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
  const [header, payload, signature] = parts(token);
  const claims = decode(payload);
  switch (kind) {
    case 'tampered':
      // Push the expiry a year out: the very change an attacker wants.
      return `${header}.${encode({ ...claims, exp: Math.floor(Date.now() / 1000) + 31_536_000, tampered: true })}.${signature}`;
    case 'alg-none':
      return `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    case 'badly-signed':
      return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
  }
}
