/**
 * `npm start`: the one file that opens a port. Parses the configuration, starts
 * the mock, says how to use it, and shuts down gracefully on SIGINT and SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { ApiDescription, mockControlFile } from '../spec/index.ts';
import { bannerLines } from './banner.ts';
import { buildCommand, ConfigError, parseConfig } from './config.ts';
import { buildMock, loadScenarioOption } from './http/app.ts';
import { installProcessGuard } from './process-guard.ts';
import { ScenarioError, scenarioFileHint } from './scenarios/index.ts';
import { createRandomSource } from './services/index.ts';
import { readStateFile, restoreWorlds, StateFileError, StateSaver, type StoredState } from './state-file.ts';
import { packageVersion } from './version.ts';
import { openRedisStore, TokenSecretMismatchError, type RedisStore } from './world/redis/open-store.ts';
import { StoreUnavailableError } from './world/store-errors.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  // --version is no configuration option (it has no default and starts nothing): listed after them.
  process.stdout.write(
    `${buildCommand().helpInformation()}  --version                     print the version and exit\n`,
  );
  process.exit(0);
}
if (argv.includes('--version')) {
  console.log(packageVersion);
  process.exit(0);
}

let config;
try {
  config = parseConfig(argv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start the mock: ${error.message}\nRun it with --help for every option.`);
  process.exit(2);
}

// Before anything can fail: an error no listener caught is logged and counted, never the end of the mock.
installProcessGuard();

// --state-file: read before anything is served; a file that cannot be read stops the start and stays as it is.
let stored: StoredState | undefined;
if (config.stateFile !== undefined) {
  try {
    const control = ApiDescription.fromFile(mockControlFile, 'mock-control');
    stored = readStateFile(config.stateFile, control, config);
  } catch (error) {
    if (!(error instanceof StateFileError)) throw error;
    console.error(`Cannot start the mock: ${error.message}`);
    process.exit(2);
  }
}
// --store redis://: the worlds and the token secret live in Redis, shared with the other replicas.
let store: RedisStore | undefined;
if (config.store.kind === 'redis') {
  try {
    store = await openRedisStore({
      url: config.store.url,
      tokenSecret: config.tokenSecret,
      journalSize: config.journalSize,
      journalBytes: config.journalBytes,
      maxWorlds: config.maxNamespaces,
      idleSeconds: config.namespaceIdleSeconds,
      newRandom: () => createRandomSource(config.seed),
      newGeneration: () => crypto.randomUUID(),
      nowMs: Date.now(),
    });
  } catch (error) {
    if (!(error instanceof StoreUnavailableError || error instanceof TokenSecretMismatchError)) throw error;
    console.error(`Cannot start the mock: ${error.message}`);
    process.exit(2);
  }
}
// Kept in the state file (or the store) unless --token-secret names it, so that tokens outlive a restart.
const tokenSecret =
  config.tokenSecret === undefined
    ? (store?.tokenSecret ?? stored?.tokenSecret ?? new Uint8Array(randomBytes(32)))
    : undefined;
const mock = buildMock(config, {
  ...(tokenSecret ? { tokenSecret } : {}),
  ...(store
    ? {
        store: {
          kind: 'redis' as const,
          registry: store.registry,
          health: store.health,
          negotiations: store.negotiations,
          boundsItsCalls: true,
        },
      }
    : {}),
});
const { app } = mock;
if (stored) await restoreWorlds(mock.core.worlds, stored, Date.now());
const debug = config.logLevel === 'debug' || config.logLevel === 'trace';
const saver =
  config.stateFile === undefined
    ? undefined
    : new StateSaver({
        file: config.stateFile,
        registry: mock.core.worlds,
        tokenSecret,
        realNowMs: Date.now,
        log: (line, level) => (level === 'error' ? console.error(line) : debug && console.log(line)),
        // Test-only (mock/state-file.process.test.ts): a pause inside each write, for kills to land in.
        writePauseMs: Number(process.env.MOCK_TEST_STATE_WRITE_PAUSE_MS ?? 0),
      });
// Installed before the port opens and the banner is printed: a supervisor that
// signals as soon as it reads the banner must get a graceful shutdown, not a kill.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    app
      .close()
      .then(() => saver?.close())
      .then(() => store?.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

// Loaded before the port opens: the first request already sees the scenario.
let loaded;
try {
  loaded = config.scenario === undefined ? undefined : await loadScenarioOption(mock, config.scenario);
} catch (error) {
  if (!(error instanceof ScenarioError)) throw error;
  console.error(`Cannot start the mock: ${error.message}\n${scenarioFileHint}`);
  process.exit(2);
}

let origin: string;
try {
  origin = await app.listen({ port: config.port, host: config.host });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const hint = code === 'EADDRINUSE' ? ` Port ${config.port} is taken: stop what uses it or pass --port.` : '';
  console.error(`Cannot start the mock on ${config.host}:${config.port}: ${(error as Error).message}.${hint}`);
  process.exit(1);
}

console.log(bannerLines(origin, config, loaded).join('\n'));
