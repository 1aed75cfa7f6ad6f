/** API keys are compared in constant time, so response timing reveals nothing of a key. */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createApiKeyCheck(acceptedKeys: readonly string[]): (presented: string | undefined) => boolean {
  const accepted = acceptedKeys.map(digest);
  return (presented) => {
    if (presented === undefined) return false;
    // Hashing first gives equal lengths; every key is compared, so timing does not say which matched.
    const candidate = digest(presented);
    let match = false;
    for (const key of accepted) match = timingSafeEqual(candidate, key) || match;
    return match;
  };
}
