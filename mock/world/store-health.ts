/**
 * What `GET /healthz` and `GET /__mock/health` report about the store that holds the worlds
 * (spec/mock-control.yaml, `Health.dependencies`): a store says whether it can be reached now.
 */

/** Where the worlds live: this process's memory, or a store shared by replicas. */
export type StoreKind = 'memory' | 'redis';

export interface StoreStatus {
  readonly up: boolean;
  /** Why it is down (or anything worth saying while up), for people; no secret in it. */
  readonly detail?: string;
}

export interface StoreHealth {
  /** Asks the store, once, whether it answers; never throws. */
  check(): Promise<StoreStatus>;
}

/** The in-memory store lives in the process: while the process answers, so does it. */
export const memoryStoreHealth: StoreHealth = { check: () => Promise.resolve({ up: true }) };
