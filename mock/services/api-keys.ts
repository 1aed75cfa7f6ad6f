/**
 * API keys are compared in constant time, so response timing reveals nothing of a key.
 * Pure code (no node:crypto): the same check runs in the server and in a browser under MSW.
 */
import { constantTimeEqual } from './password-hashes.ts';

export function createApiKeyCheck(acceptedKeys: readonly string[]): (presented: string | undefined) => boolean {
  const encoder = new TextEncoder();
  const accepted = acceptedKeys.map((key) => encoder.encode(key));
  return (presented) => {
    if (presented === undefined) return false;
    // The loop runs over the presented key's length only; every key is compared, so timing does not say which matched.
    const candidate = encoder.encode(presented);
    let match = false;
    for (const key of accepted) match = constantTimeEqual(candidate, key) || match;
    return match;
  };
}
