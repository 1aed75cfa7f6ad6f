/**
 * The suite's settings, read once from the environment (the runner,
 * scripts/contracts.ts, sets them) and frozen. Nothing else reads process.env.
 */
import { namespaceProblem, randomRunNamespace } from './namespace.ts';

export type Level = 'core' | 'strict';

export interface ContractConfig {
  /** The API's base URL, such as http://127.0.0.1:4010/v1 (no trailing slash). */
  baseUrl: string;
  apiKey: string;
  level: Level;
  /** Requests per second at most; undefined for no cap. */
  rate: number | undefined;
  /** Whether the suite's clients wait out a 429 per Retry-After (CONTRACT_WAIT_ON_429=0: no, a check sees it). */
  waitOn429: boolean;
  timeoutMs: number;
  /**
   * Where the mock's control plane would be: CONTRACT_CONTROL_URL, or /__mock at the base URL's origin;
   * 'off' to leave it alone.
   */
  controlUrl: string;
  /** Set when the traffic goes through Prism's validation proxy (see README). */
  viaProxy: boolean;
  /** Runs of the model-based lifecycle check, and the seed to replay one. */
  modelRuns: number;
  modelSeed: number | undefined;
  /** The run's namespace (CONTRACT_NAMESPACE, else a fresh one); each test file acts in a world derived from it. */
  namespace: string;
}

const defaultApiKey = 'mock-api-key';

function read(): ContractConfig {
  const env = process.env;
  const rawBase = env.CONTRACT_BASE_URL;
  if (!rawBase) {
    throw new Error(
      'CONTRACT_BASE_URL is not set. Run the suite through `npm run contracts -- --base-url http://host:port/v1`, or set it yourself.',
    );
  }
  let base: URL;
  try {
    base = new URL(rawBase);
  } catch {
    throw new Error(`CONTRACT_BASE_URL "${rawBase}" is not an absolute URL such as http://127.0.0.1:4010/v1`);
  }
  const level = env.CONTRACT_LEVEL ?? 'strict';
  if (level !== 'core' && level !== 'strict') throw new Error(`CONTRACT_LEVEL must be core or strict, not "${level}"`);
  const rate = env.CONTRACT_RATE ? Number(env.CONTRACT_RATE) : undefined;
  if (rate !== undefined && !(rate > 0))
    throw new Error(`CONTRACT_RATE must be a number > 0, not "${env.CONTRACT_RATE}"`);
  const timeoutMs = env.CONTRACT_TIMEOUT_MS ? Number(env.CONTRACT_TIMEOUT_MS) : 10_000;
  const namespace = env.CONTRACT_NAMESPACE || randomRunNamespace();
  const problem = namespaceProblem(namespace);
  if (problem) throw new Error(`CONTRACT_NAMESPACE ${problem}`);
  return Object.freeze({
    baseUrl: base.href.replace(/\/+$/, ''),
    apiKey: env.CONTRACT_API_KEY || defaultApiKey,
    level,
    rate,
    waitOn429: env.CONTRACT_WAIT_ON_429 !== '0',
    timeoutMs,
    controlUrl: (env.CONTRACT_CONTROL_URL || `${base.origin}/__mock`).replace(/\/+$/, ''),
    viaProxy: env.CONTRACT_VIA_PROXY === '1',
    modelRuns: env.CONTRACT_MODEL_RUNS ? Number(env.CONTRACT_MODEL_RUNS) : 25,
    modelSeed: env.CONTRACT_MODEL_SEED ? Number(env.CONTRACT_MODEL_SEED) : undefined,
    namespace,
  });
}

export const config: ContractConfig = read();
