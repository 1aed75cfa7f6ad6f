/**
 * The session hub's connection tokens in Redis (NegotiationStore, mock/world/world.ts),
 * so that a client may negotiate on one replica and open its WebSocket on another:
 * one key per token with the token's time to live (`PX`), taken by `DEL`, which
 * removes it for exactly one caller across replicas.
 */
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../store-errors.ts';
import type { NegotiationStore } from '../world.ts';
import { registryKeys } from './keys.ts';

export class RedisNegotiationStore implements NegotiationStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.prefix = registryKeys(prefix).negotiationPrefix;
  }

  async put(token: string, ttlMs: number): Promise<void> {
    await this.reach(() => this.redis.set(this.prefix + token, '1', 'PX', Math.max(1, Math.ceil(ttlMs))));
  }

  async take(token: string): Promise<boolean> {
    return (await this.reach(() => this.redis.del(this.prefix + token))) === 1;
  }

  /** A failed command is the store out of reach (503 with Retry-After), not a bug of the hub (500). */
  private async reach<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StoreUnavailableError(`Redis did not answer for a hub connection token: ${(error as Error).message}`);
    }
  }
}
