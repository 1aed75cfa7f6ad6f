/**
 * `npm start`: the one file that opens a port. Parses the configuration, starts
 * the mock, says how to use it, and shuts down gracefully on SIGINT and SIGTERM.
 */
import { bannerLines } from './banner.ts';
import { buildCommand, ConfigError, parseConfig } from './config.ts';
import { buildMock, loadScenarioOption } from './http/app.ts';
import { installProcessGuard } from './process-guard.ts';
import { ScenarioError, scenarioFileHint } from './scenarios/index.ts';

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
const mock = buildMock(config);
const { app } = mock;
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
