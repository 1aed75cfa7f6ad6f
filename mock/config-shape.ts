/**
 * The shape of the mock's configuration, apart from its parsing (config.ts): what
 * `startMock` (session-api-mock/testing) takes, so that its type declarations need
 * neither commander nor the rest of the mock.
 */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
/** `auto`: pretty when stdout is a terminal, JSON lines otherwise. */
export const logFormats = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

/** Where every world is kept: this process's memory, or Redis shared by replicas (mock/world/redis). */
export type StoreConfig = { readonly kind: 'memory' } | { readonly kind: 'redis'; readonly url: string };

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
  /** `--store`: memory (default) or redis://... */
  readonly store: StoreConfig;
}
