/**
 * Every default of the mock's configuration (its shape: config-shape.ts), in one
 * place. No command-line parsing here (mock/config.ts does that), so the mock
 * under MSW in a browser (mock/msw) starts from the same defaults as the server.
 */
import type { MockConfig } from './config-shape.ts';
import { registryDefaults } from './world/memory-registry.ts';

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
  store: Object.freeze({ kind: 'memory' as const }),
});
