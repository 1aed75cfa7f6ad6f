/**
 * `npm start`: the one file that opens a port. Parses the configuration, starts
 * the mock, says how to use it, and shuts down gracefully on SIGINT and SIGTERM.
 */
import { buildCommand, ConfigError, configDefaults, parseConfig } from './config.ts';
import { buildMock } from './http/app.ts';
import { installProcessGuard } from './process-guard.ts';
import { describeLoadedScenario, loadScenarioOption } from './scenarios/index.ts';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(buildCommand().helpInformation());
  process.exit(0);
}

let config;
try {
  config = parseConfig(argv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Cannot start the mock: ${error.message}\nRun \`npm start -- --help\` for every option.`);
  process.exit(2);
}

// Before anything can fail: an error no listener caught is logged and counted, never the end of the mock.
installProcessGuard();
const { app, scenarios } = buildMock(config);
// Installed before the port opens and the banner is printed: a supervisor that
// signals as soon as it reads the banner must get a graceful shutdown, not a kill.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

// Loaded before the port opens: the first request already sees the scenario.
const loaded = config.scenario === undefined ? undefined : await loadScenarioOption(scenarios, config.scenario);

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const hint = code === 'EADDRINUSE' ? ` Port ${config.port} is taken: stop what uses it or pass --port.` : '';
  console.error(`Cannot start the mock on ${config.host}:${config.port}: ${(error as Error).message}.${hint}`);
  process.exit(1);
}

const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const host = config.host.includes(':') ? `[${config.host}]` : config.host;
const origin = `http://${host}:${port}`;
console.log(`Session API mock listening on ${origin} (API at ${origin}/v1)`);
console.log(`  API key (X-API-KEY): ${config.apiKeys.join(",") === configDefaults.apiKeys.join(",") ? configDefaults.apiKeys[0] : `${config.apiKeys.length} custom key(s), not shown`}`);
if (config.control) {
  console.log(`  wallet token without a wallet: curl -s -X POST ${origin}/__mock/wallet-token`);
  console.log(`  control plane: ${origin}/__mock (health, reset, clock, sessions, requests, faults)`);
} else {
  console.log('  control plane: off (--no-control); get a wallet token through /v1/wallet-proof/nonce and /verify');
}
if (loaded) console.log(describeLoadedScenario(loaded, origin, config.control));
