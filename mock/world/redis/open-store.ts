/**
 * `--store redis://...`: connects to Redis (within a bounded wait), agrees on the
 * token secret with the other replicas, and answers the registry of worlds kept
 * there. ioredis is the client (mock/world/redis/README.md says why).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { defaultStoreDeadlineMs } from '../deadline.ts';
import { StoreUnavailableError } from '../store-errors.ts';
import type { StoreHealth } from '../store-health.ts';
import type { RandomSource, WorldRegistry } from '../world.ts';
import { registryKeys } from './keys.ts';
import { RedisEventHub } from './redis-events.ts';
import { RedisNegotiationStore } from './redis-negotiations.ts';
import { RedisWorldRegistry } from './redis-registry.ts';
import { defineScripts } from './scripts.ts';
import { shapeCommandPath } from './command-path.ts';

export interface RedisStoreOptions {
  /** redis://[user:pass@]host:port/db or rediss://... */
  readonly url: string;
  /** The first part of every key. */
  readonly prefix?: string;
  /** How long start-up waits for Redis before it gives up (ms). */
  readonly connectWaitMs?: number;
  /** --token-secret, when given. */
  readonly tokenSecret: string | undefined;
  readonly journalSize: number;
  readonly journalBytes: number;
  readonly maxWorlds: number;
  readonly idleSeconds: number;
  readonly newRandom: (name: string) => RandomSource;
  readonly newGeneration: () => string;
  readonly nowMs: number;
}

export interface RedisStore {
  /**
   * The worlds in Redis; a call that fails because Redis is out of reach, or gets no answer to one of its commands
   * within `commandTimeoutMs`, throws StoreUnavailableError.
   */
  readonly registry: WorldRegistry;
  /** The hub's connection tokens, shared by the replicas (negotiate on one, connect on another). */
  readonly negotiations: RedisNegotiationStore;
  /** Whether Redis answers a PING now (GET /healthz, GET /__mock/health). */
  readonly health: StoreHealth;
  /** The secret every replica on this store signs tokens with. */
  readonly tokenSecret: Uint8Array<ArrayBuffer>;
  close(): Promise<void>;
}

/** A replica's --token-secret differs from the one the store's replicas already use. */
export class TokenSecretMismatchError extends Error {
  override readonly name = 'TokenSecretMismatchError';
}

export const redisStoreDefaults = Object.freeze({
  prefix: 'mock',
  connectWaitMs: 5000,
  /**
   * A command unanswered for this long fails with StoreUnavailableError (command-path.ts), never hangs a request:
   * the store deadline of every shared store (mock/world/deadline.ts), applied per command.
   */
  commandTimeoutMs: defaultStoreDeadlineMs,
});

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/** The last error each connection reported: what lies behind ioredis's "Connection is closed." at start-up. */
const lastErrors = new WeakMap<Redis, Error>();

/** Node's codes for a server certificate it does not trust (node:tls, OpenSSL's verify errors). */
const untrustedCertificate =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** Why a connection failed, in words, with what to do when Redis's TLS certificate is not trusted. */
function failure(redis: Redis, error: Error): string {
  const cause = lastErrors.get(redis) ?? error;
  const reason = cause.message.replace(/\.+$/, '');
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  if (!untrustedCertificate.test(code)) return reason;
  return (
    `${reason} (${code}): this process does not trust Redis's TLS certificate. Give Node the certificate of the ` +
    'authority that signed it: NODE_EXTRA_CA_CERTS=/path/to/ca.pem (mock/world/redis/README.md, TLS)'
  );
}

function connection(url: string): Redis {
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: redisStoreDefaults.connectWaitMs,
    commandTimeout: redisStoreDefaults.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    // Reconnects by itself when Redis comes back, at most a second apart.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
  const redis = new Redis(url, options);
  shapeCommandPath(redis);
  // ioredis reports a lost connection as an 'error' event; requests see the failure themselves.
  redis.on('error', (error: Error) => lastErrors.set(redis, error));
  return redis;
}

async function connectWithin(redis: Redis, url: string, waitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${waitMs} ms`)), waitMs);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), timeout]);
  } catch (error) {
    redis.disconnect();
    throw new StoreUnavailableError(
      `Cannot reach Redis at ${redactedUrl(url)}: ${failure(redis, error as Error)}. ` +
        'Start Redis there, or pass --store with the address of one (without --store the mock keeps its state ' +
        'in memory).',
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The secret the replicas share: the first one stores its own (--token-secret, or
 * 32 random bytes, base64url) if none is stored; the others read it. A given
 * secret that differs from the stored one is refused.
 */
/** 32 random bytes as base64url (43 characters). */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function sharedTokenSecret(redis: Redis, prefix: string, given: string | undefined): Promise<string> {
  const key = registryKeys(prefix).tokenSecret;
  const proposed = given ?? randomSecret();
  await redis.set(key, proposed, 'NX');
  const stored = await redis.get(key);
  if (stored === null) throw new StoreUnavailableError('Redis lost the token secret it had just stored.');
  if (given !== undefined && stored !== given) {
    throw new TokenSecretMismatchError(
      'The --token-secret differs from the one the other replicas on this Redis use, so their tokens would be ' +
        `refused here: pass the same secret, or none to use the stored one (key ${key}).`,
    );
  }
  return stored;
}

export async function openRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const prefix = options.prefix ?? redisStoreDefaults.prefix;
  const waitMs = options.connectWaitMs ?? redisStoreDefaults.connectWaitMs;
  const redis = connection(options.url);
  await connectWithin(redis, options.url, waitMs);
  const subscriber = connection(options.url);
  try {
    await connectWithin(subscriber, options.url, waitMs);
    defineScripts(redis);
    const secret = await sharedTokenSecret(redis, prefix, options.tokenSecret);
    const hub = await RedisEventHub.start(subscriber, prefix);
    const registry = await RedisWorldRegistry.create({
      redis,
      hub,
      prefix,
      maxWorlds: options.maxWorlds,
      idleSeconds: options.idleSeconds,
      journalSize: options.journalSize,
      journalBytes: options.journalBytes,
      newRandom: options.newRandom,
      newGeneration: options.newGeneration,
      nowMs: options.nowMs,
    });
    return {
      registry,
      negotiations: new RedisNegotiationStore(redis, prefix),
      health: {
        check: () =>
          redis.ping().then(
            () => ({ up: true }),
            (error: unknown) => ({
              up: false,
              detail: `Redis at ${redactedUrl(options.url)} does not answer: ${(error as Error).message}`,
            }),
          ),
      },
      tokenSecret: new TextEncoder().encode(secret),
      close: async () => {
        await hub.close();
        subscriber.disconnect();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  } catch (error) {
    subscriber.disconnect();
    redis.disconnect();
    throw error;
  }
}
