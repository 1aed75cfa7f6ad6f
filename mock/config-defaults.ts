/**
 * The mock's configuration: its shape and every default, in one place. No
 * command-line parsing here (mock/config.ts does that), so the mock under MSW
 * in a browser (mock/msw) starts from the same defaults as the server.
 */
import { registryDefaults } from './world/memory-registry.ts';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
/** `auto`: pretty when stdout is a terminal, JSON lines otherwise. */
export const logFormats = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

export interface MockConfig {
  readonly port: number;
  readonly host: string;
  readonly apiKeys: readonly string[];
  readonly seed: number | undefined;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly control: boolean;
  readonly controlToken: string | undefined;
  readonly corsOrigins: readonly string[];
  /** Origins of pages that may use the control plane beyond loopback pages and the mock's own (`*`: any). */
  readonly controlOrigins: readonly string[];
  /** Host names accepted, besides loopback names, while the mock listens on loopback (DNS rebinding guard). */
  readonly allowedHosts: readonly string[];
  readonly bodyLimitBytes: number;
  readonly tokenSecret: string | undefined;
  readonly maxSessions: number;
  readonly maxNonces: number;
  readonly journalSize: number;
  /** Bytes the journals of every world keep together (docs/architecture.md, Worlds). */
  readonly journalBytes: number;
  /** Most namespaces (worlds named by X-Mock-Namespace) held besides `default`. */
  readonly maxNamespaces: number;
  /** Real seconds without a request after which a namespace is dropped (never `default`). */
  readonly namespaceIdleSeconds: number;
  readonly walletTokenTtlSeconds: number;
  readonly nonceTtlSeconds: number;
  readonly requestTimeoutMs: number;
  /** Requests a caller may make per minute (docs/rules.md §20); 0: no limit. */
  readonly rateLimitPerMinute: number;
  /** A scenario file (or the name of one in mock/scenarios/) to preload. */
  readonly scenario: string | undefined;
  /** Print the loaded scenario's tokens at start (otherwise: where to read them). */
  readonly printTokens: boolean;
  /** Where every world is kept across restarts (mock/state-file.ts). */
  readonly stateFile: string | undefined;
}

export const configDefaults: MockConfig = Object.freeze({
  port: 4010,
  host: '127.0.0.1',
  apiKeys: Object.freeze(['mock-api-key']),
  seed: undefined,
  logLevel: 'info',
  logFormat: 'auto',
  control: true,
  controlToken: undefined,
  corsOrigins: Object.freeze(['*']),
  controlOrigins: Object.freeze([]),
  allowedHosts: Object.freeze([]),
  bodyLimitBytes: 1024 * 1024,
  tokenSecret: undefined,
  maxSessions: 100_000,
  maxNonces: 100_000,
  journalSize: 1000,
  journalBytes: registryDefaults.journalBytes,
  maxNamespaces: registryDefaults.maxWorlds,
  namespaceIdleSeconds: registryDefaults.idleSeconds,
  walletTokenTtlSeconds: 300,
  nonceTtlSeconds: 300,
  requestTimeoutMs: 30_000,
  rateLimitPerMinute: 0,
  scenario: undefined,
  printTokens: false,
  stateFile: undefined,
});
